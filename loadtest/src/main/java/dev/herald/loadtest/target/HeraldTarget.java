package dev.herald.loadtest.target;

import dev.herald.loadtest.wire.MercureWsMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Herald through the Mercure API (draft-07): SSE, WebSocket and long-poll on
 * {@code /.well-known/mercure}, publishing with a form POST and a publisher JWT.
 */
public final class HeraldTarget implements Target {

    static final String HUB_PATH = "/.well-known/mercure";
    private static final String PONG = "{\"type\":\"pong\"}";

    private final Connections connections;
    private final TransportKind transport;
    private final String authorization;

    public HeraldTarget(Connections connections, TransportKind transport, String publisherJwt) {
        this.connections = connections;
        this.transport = transport;
        this.authorization = "Bearer " + publisherJwt;
    }

    @Override
    public Future<Subscription> subscribe(int node, List<String> topics, String lastEventId, EventSink sink) {
        String uri = subscribeUri(topics);
        return switch (transport) {
            case SSE -> HttpStreams.eventStream(connections, node, uri, lastEventId, sink);
            case WEBSOCKET -> webSocket(node, uri, lastEventId, sink);
            case LONG_POLL -> new MercureLongPoll(connections, node, uri, lastEventId, sink).start();
        };
    }

    private Future<Subscription> webSocket(int node, String uri, String lastEventId, EventSink sink) {
        return RawWebSocket.open(connections, node, uri, lastEventId, sink, socket -> {
            MercureWsMessage scanner = new MercureWsMessage();
            return (bytes, length) -> {
                if (!scanner.scan(bytes, 0, length)) {
                    parsed(socket, new String(bytes, 0, length, StandardCharsets.UTF_8), sink);
                } else if (scanner.type() == MercureWsMessage.Type.UPDATE) {
                    sink.onEvent(scanner.idFrom() < 0 ? null : bytes, scanner.idFrom(), scanner.idTo(),
                            bytes, Math.max(0, scanner.dataFrom()), Math.max(0, scanner.dataTo()));
                } else if (scanner.type() == MercureWsMessage.Type.PING) {
                    socket.writeText(PONG);
                }
            };
        }).map(socket -> socket);
    }

    /** A message the scanner could not read in place (escaped strings, or not a JSON object). */
    private static void parsed(RawWebSocket socket, String text, EventSink sink) {
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException e) {
            sink.onEvent(null, text); // Not one of our payloads: counted as foreign.
            return;
        }
        switch (message.getString("type", "")) {
            case "update" -> sink.onEvent(message.getString("id"), message.getString("data"));
            case "ping" -> socket.writeText(PONG);
            default -> { } // Other control messages are informational.
        }
    }

    @Override
    public Future<Void> publish(HttpClient connection, String topic, String payload) {
        String form = "topic=" + encode(topic) + "&data=" + encode(payload);
        return connection
                .request(new RequestOptions().setMethod(HttpMethod.POST).setURI(HUB_PATH)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .putHeader(HttpHeaders.AUTHORIZATION, authorization))
                .compose(request -> request.send(Buffer.buffer(form)))
                .compose(Responses::expectSuccess);
    }

    static String subscribeUri(List<String> topics) {
        StringBuilder uri = new StringBuilder(HUB_PATH);
        char separator = '?';
        for (String topic : topics) {
            uri.append(separator).append("topic=").append(encode(topic));
            separator = '&';
        }
        return uri.toString();
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
