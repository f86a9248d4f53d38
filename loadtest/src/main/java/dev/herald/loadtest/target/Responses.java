package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;

/** Turns a publish response into success (2xx) or a failure carrying the status and reason. */
final class Responses {

    private Responses() {
    }

    static Future<Void> expectSuccess(HttpClientResponse response) {
        return response.body().compose(body -> {
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Future.succeededFuture();
            }
            return Future.failedFuture("HTTP " + status + " " + HttpStreams.abbreviate(body.toString()));
        });
    }
}
