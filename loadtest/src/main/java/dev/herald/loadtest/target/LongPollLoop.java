package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * The loop every long-poll client shares: one keep-alive connection, one poll at a time, the
 * next poll built from the last response. A connection the server closed is replaced once per
 * poll; a second failure ends the subscription. Confined to its connection's event loop.
 */
abstract class LongPollLoop implements Subscription {

    private final Connections connections;
    private final int node;
    protected final EventSink sink;
    private HttpClientConnection connection;
    private volatile boolean closed;
    private boolean answered;

    LongPollLoop(Connections connections, int node, EventSink sink) {
        this.connections = connections;
        this.node = node;
        this.sink = sink;
    }

    /** The next poll request, built from what the previous responses said. */
    protected abstract RequestOptions nextRequest();

    /** Handles one poll response; returns why the subscription must end, or null to poll again. */
    protected abstract String handle(HttpClientResponse response, Buffer body);

    /** Connects and sends the first poll; completes once that poll is written. */
    final Future<Subscription> start() {
        Promise<Subscription> started = Promise.promise();
        HttpStreams.connect(connections, node).onComplete(connected -> {
            if (connected.failed()) {
                started.fail(connected.cause());
                return;
            }
            connection = connected.result();
            poll(true, started);
        });
        return started.future();
    }

    private void poll(boolean mayReconnect, Promise<Subscription> started) {
        if (closed) {
            return;
        }
        connection.request(nextRequest()).onComplete(requested -> {
            if (requested.failed()) {
                retryOrLose(mayReconnect, started, requested.cause());
                return;
            }
            requested.result().response().onComplete(response -> {
                if (response.failed()) {
                    retryOrLose(mayReconnect, started, response.cause());
                } else {
                    onResponse(response.result());
                }
            });
            requested.result().end().onComplete(written -> {
                if (started != null) {
                    if (written.succeeded()) {
                        started.tryComplete(this);
                    } else {
                        started.tryFail(written.cause());
                    }
                }
            });
        });
    }

    private void onResponse(HttpClientResponse response) {
        if (!answered) {
            answered = true;
            sink.onFirstAnswer();
        }
        response.body().onComplete(body -> {
            if (closed) {
                return;
            }
            String failure = body.failed() ? String.valueOf(body.cause()) : handle(response, body.result());
            if (failure != null) {
                lose(failure);
            } else {
                poll(true, null);
            }
        });
    }

    private void retryOrLose(boolean mayReconnect, Promise<Subscription> started, Throwable cause) {
        if (closed) {
            return;
        }
        if (!mayReconnect) {
            if (started != null) {
                started.tryFail(cause);
            }
            lose(String.valueOf(cause));
            return;
        }
        connection.close();
        HttpStreams.connect(connections, node).onComplete(connected -> {
            if (connected.failed()) {
                if (started != null) {
                    started.tryFail(connected.cause());
                }
                lose(String.valueOf(connected.cause()));
                return;
            }
            connection = connected.result();
            poll(false, started);
        });
    }

    private void lose(String reason) {
        if (!closed) {
            closed = true;
            connection.close();
            sink.onLost(reason);
        }
    }

    @Override
    public final Future<Void> close() {
        closed = true;
        return connection == null ? Future.succeededFuture() : connection.close();
    }
}
