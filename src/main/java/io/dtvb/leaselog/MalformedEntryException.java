package io.dtvb.leaselog;

/** Bytes that are not a canonical lease-log entry; the message says why. */
public class MalformedEntryException extends Exception {
  public MalformedEntryException(String message) {
    super(message);
  }
}
