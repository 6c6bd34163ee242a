package io.dtvb.leaselog;

/** Bytes that should be a log entry, checkpoint, signed note or key are not in the log's exact format. */
public class LogFormatException extends Exception {
  public LogFormatException(String message) {
    super(message);
  }

  public LogFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
