package dev.herald.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * Drops what an exchange that has turned into a stream (an event stream whose head is sent, an
 * upgraded WebSocket) no longer reads. Vert.x keeps the request and its response for the
 * connection's whole life, and with them their header maps (about 0.6 to 0.9 KiB per idle
 * connection) and the response's head hook, through which Vert.x Web's routing context (about
 * 1.2 KiB) stays reachable: what the hub needs from them was parsed before.
 *
 * <p>Threading: call on the request's event loop, once the response head is written.
 */
public final class SpentHeaders {
    private SpentHeaders() {
    }

    public static void release(HttpServerRequest request) {
        request.headers().clear();
        request.response().headers().clear();
        // Called once, for the head: it holds the routing context (its data, its request
        // wrapper, the handlers' closures), which nothing else keeps.
        request.response().headersEndHandler(null);
    }
}
