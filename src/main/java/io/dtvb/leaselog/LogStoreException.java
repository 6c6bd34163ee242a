package io.dtvb.leaselog;

/** The log's storage failed (I/O, database); the append or read did not happen. */
public class LogStoreException extends Exception {
  public LogStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public LogStoreException(String message) {
    super(message);
  }
}
