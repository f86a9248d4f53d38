package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * Nchan as configured in {@code peers/nchan/}: subscribers on {@code GET /sub/<channel>} (SSE
 * with {@code Accept: text/event-stream}, WebSocket on upgrade, long-poll otherwise), publishers
 * on {@code POST /pub/<channel>}. Nchan reads a resume position from {@code Last-Event-ID}
 * for every subscriber type.
 */
public final class NchanTarget implements Target {

    private final Connections connections;
    private final TransportKind transport;

    public NchanTarget(Connections connections, TransportKind transport) {
        this.connections = connections;
        this.transport = transport;
    }

    @Override
    public Future<Subscription> subscribe(int node, List<String> topics, String lastEventId, EventSink sink) {
        if (topics.size() != 1) {
            return Future.failedFuture("nchan subscribers take one channel each");
        }
        String uri = "/sub/" + HeraldTarget.encode(topics.get(0));
        return switch (transport) {
            case SSE -> HttpStreams.eventStream(connections, node, uri, lastEventId, sink);
            case WEBSOCKET -> webSocket(node, uri, lastEventId, sink);
            case LONG_POLL -> new NchanLongPoll(connections, node, uri, Connections.subscribeHeaders("*/*", lastEventId), sink).start();
        };
    }

    private Future<Subscription> webSocket(int node, String uri, String lastEventId, EventSink sink) {
        // Without the ws+meta subprotocol each message is the bare published body.
        return RawWebSocket.open(connections, node, uri, lastEventId, sink,
                socket -> (bytes, length) -> sink.onEvent(null, 0, 0, bytes, 0, length)).map(socket -> socket);
    }

    @Override
    public Future<Void> publish(HttpClient connection, String topic, String payload) {
        return connection
                .request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/pub/" + HeraldTarget.encode(topic))
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain"))
                .compose(request -> request.send(Buffer.buffer(payload)))
                .compose(Responses::expectSuccess);
    }
}
