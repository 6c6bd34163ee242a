package io.dtvb.dynatrace;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.util.function.Function;

/** Turns an HTTP answer into the call's result: 2xx parsed, anything else a classified {@link DynatraceException}. */
final class Responses {
  private Responses() {}

  /**
   * Any 2xx is parsed with {@code parse}; an unparseable body fails non-retryably with "unexpected
   * body"; any other status fails as {@link DynatraceErrors#fromResponse} classifies it.
   */
  static <T> Function<HttpResponse<Buffer>, Future<T>> expect(String what, Clock clock,
      Function<HttpResponse<Buffer>, T> parse) {
    return response -> {
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        return Future.failedFuture(DynatraceErrors.fromResponse(what, response, clock));
      }
      try {
        return Future.succeededFuture(parse.apply(response));
      } catch (DynatraceException e) {
        return Future.failedFuture(e);
      } catch (RuntimeException e) {
        return Future.failedFuture(new DynatraceException(status, false,
            "Dynatrace answered " + status + " to " + what + " with an unexpected body", e));
      }
    };
  }
}
