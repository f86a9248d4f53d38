package dev.herald.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * Drops the header maps of an exchange that has turned into a stream (an event stream whose head
 * is sent, an upgraded WebSocket). Vert.x keeps the request and its response for the connection's
 * whole life, and their headers with them: about 0.6 to 0.9 KiB per idle connection that nothing
 * reads once the subscription is running (what the hub needs from them was parsed before).
 *
 * <p>Threading: call on the request's event loop, once the response head is written.
 */
public final class SpentHeaders {
    private SpentHeaders() {
    }

    public static void release(HttpServerRequest request) {
        request.headers().clear();
        request.response().headers().clear();
    }
}
