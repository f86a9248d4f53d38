package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import java.util.List;

/**
 * A server under test, reduced to what the scenarios need: subscribe over the chosen transport
 * and publish over HTTP. Adapters translate to each server's own URLs and framing.
 */
public interface Target {

    /**
     * Subscribes to {@code topics} on node {@code node}; the future completes once the server
     * has accepted the subscription (response headers, WebSocket handshake, or Socket.IO join
     * acknowledged).
     *
     * @param node        index into the subscribe servers ({@code --subscribe-urls}; 0 with one server)
     * @param lastEventId resume after this event id, or null to receive only new events
     */
    Future<Subscription> subscribe(int node, List<String> topics, String lastEventId, EventSink sink);

    /**
     * Publishes {@code payload} to {@code topic} as one request on {@code connection}; the future
     * completes with the server's answer. Requests made in turn on one connection are written in
     * that order (see {@link PublishChannel}).
     */
    Future<Void> publish(HttpClient connection, String topic, String payload);
}
