package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientConnection;
import java.util.ArrayDeque;

/**
 * One keep-alive connection that publishes are pipelined on (HTTP/1.1), written in call order
 * without waiting for earlier answers. A server answers a connection's requests one after the
 * other, in order, so every stream kept on one channel reaches the server in publish order
 * however many of its publishes are in flight. Opened on first use and again after the server
 * closed it; publishes made while it opens wait, in order. Requests in flight when it closes
 * fail. Confined to the publishing event loop.
 */
public final class PublishChannel {

    /** Unanswered publishes one connection may carry; the publish loop waits for room beyond this. */
    public static final int MAX_IN_FLIGHT = 128;

    private final Connections connections;
    private final Target target;
    private final int index;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private HttpClientConnection connection;
    private boolean opening;
    private int inFlight;

    public PublishChannel(Connections connections, Target target, int index) {
        this.connections = connections;
        this.target = target;
        this.index = index;
    }

    /** Publishes sent on this channel and not yet answered. */
    public int inFlight() {
        return inFlight;
    }

    /** Whether one more publish fits in the pipeline now. */
    public boolean hasRoom() {
        return inFlight < MAX_IN_FLIGHT;
    }

    /** Sends {@code payload} to {@code topic} behind every earlier publish of this channel. */
    public Future<Void> publish(String topic, String payload) {
        inFlight++;
        Pending pending = new Pending(topic, payload, Promise.promise());
        if (connection != null) {
            send(pending);
        } else {
            waiting.add(pending);
            open();
        }
        return pending.answered.future().andThen(ignored -> inFlight--);
    }

    private record Pending(String topic, String payload, Promise<Void> answered) {
    }

    private void send(Pending pending) {
        target.publish(connection, pending.topic, pending.payload).onComplete(pending.answered);
    }

    private void open() {
        if (opening) {
            return;
        }
        opening = true;
        connections.openPublishConnection(index).onComplete(result -> {
            opening = false;
            if (result.succeeded()) {
                HttpClientConnection opened = result.result();
                opened.closeHandler(ignored -> {
                    if (connection == opened) {
                        connection = null;
                    }
                });
                connection = opened;
            }
            while (!waiting.isEmpty()) {
                Pending pending = waiting.poll();
                if (result.succeeded()) {
                    send(pending);
                } else {
                    pending.answered.fail(result.cause());
                }
            }
        });
    }
}
