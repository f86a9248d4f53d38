package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;

/** A subscription that owns one HTTP connection and tells its sink when the peer drops it. */
final class ClosableConnection implements Subscription {

    private final HttpConnection connection;
    private final EventSink sink;
    private volatile boolean closing;
    private volatile boolean reported;

    ClosableConnection(HttpConnection connection, EventSink sink) {
        this.connection = connection;
        this.sink = sink;
        connection.closeHandler(ignored -> lost("connection closed by peer"));
    }

    void lost(String reason) {
        if (!closing && !reported) {
            reported = true;
            sink.onLost(reason);
        }
    }

    @Override
    public Future<Void> close() {
        closing = true;
        return connection.close();
    }
}
