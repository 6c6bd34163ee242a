package io.dtvb.certs;

/** PEM text that does not hold what the caller asked for (no block, wrong type, undecodable). */
public class PemFormatException extends IllegalArgumentException {
  public PemFormatException(String message) {
    super(message);
  }

  public PemFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
