package dev.herald.loadtest.target;

import dev.herald.loadtest.wire.HttpBody;
import dev.herald.loadtest.wire.SseParser;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;

/**
 * Subscriber HTTP connections: event streams over a {@link RawSocket} of their own, and the
 * Vert.x connections long-polls run their requests on (a poll is one request per answer, so the
 * client's cost per read is shared by every update the answer carries).
 */
final class HttpStreams {

    private HttpStreams() {
    }

    static Future<HttpClientConnection> connect(Connections connections, int node) {
        Endpoint server = connections.subscribeServer(node);
        return connections.nextSubscriberHttp().connect(new HttpConnectOptions()
                .setHost(server.host())
                .setPort(server.port())
                .setConnectTimeout(connections.connectTimeoutMillis()));
    }

    /**
     * Opens an event stream: one connection, one GET with {@code Accept: text/event-stream} (and
     * {@code Last-Event-ID} when resuming), a 200 whose body is parsed as it comes. The end of
     * the body is reported as the loss "stream ended".
     */
    static Future<Subscription> eventStream(Connections connections, int node, String uri, String lastEventId,
            EventSink sink) {
        String request;
        try {
            request = RawSocket.get(connections.subscribeServer(node), uri, "Accept: text/event-stream",
                    lastEventId == null ? null : "Last-Event-ID: " + lastEventId);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e.getMessage());
        }
        return RawSocket.open(connections, node, request, 200, sink, (socket, head) -> {
            SseParser parser = new SseParser((id, idLength, data, dataLength) ->
                    sink.onEvent(id, 0, idLength, data, 0, dataLength));
            HttpBody body = new HttpBody(head, parser::feed);
            return (bytes, from, to) -> {
                if (body.feed(bytes, from, to)) {
                    socket.lost("stream ended");
                }
            };
        }).map(socket -> socket);
    }

    static String abbreviate(String text) {
        String single = text.replaceAll("\\s+", " ").trim();
        return single.length() > 120 ? single.substring(0, 120) + "…" : single;
    }
}
