package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;

/** A subscription over one WebSocket; tells its sink when the peer closes first. */
final class WebSocketSubscription implements Subscription {

    private final WebSocket socket;
    private volatile boolean closing;

    WebSocketSubscription(WebSocket socket, EventSink sink) {
        this.socket = socket;
        socket.closeHandler(ignored -> {
            if (!closing) {
                Short code = socket.closeStatusCode();
                sink.onLost("websocket closed by peer" + (code == null ? "" : " (" + code + ")"));
            }
        });
        socket.exceptionHandler(ignored -> { }); // The close handler reports the loss.
    }

    WebSocket socket() {
        return socket;
    }

    @Override
    public Future<Void> close() {
        closing = true;
        return socket.close();
    }
}
