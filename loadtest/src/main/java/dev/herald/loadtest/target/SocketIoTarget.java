package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * The Socket.IO 4 peer in {@code peers/socketio/}: WebSocket-only Engine.IO v4 at
 * {@code /socket.io/?EIO=4&transport=websocket}, rooms as topics, and
 * {@code POST /publish?topic=<t>} to emit a body to a room.
 */
public final class SocketIoTarget implements Target {

    private static final String SOCKET_PATH = "/socket.io/?EIO=4&transport=websocket";

    private final Connections connections;

    public SocketIoTarget(Connections connections) {
        this.connections = connections;
    }

    @Override
    public Future<Subscription> subscribe(int node, List<String> topics, String lastEventId, EventSink sink) {
        if (lastEventId != null) {
            return Future.failedFuture("socket.io rooms keep no history to resume from");
        }
        Promise<Void> joined = Promise.promise();
        return RawWebSocket.open(connections, node, SOCKET_PATH, null, sink,
                socket -> new SocketIoClient(socket, topics, sink, joined)::onMessage).compose(socket -> joined.future()
                        .<Subscription>map(ignored -> socket)
                        .onFailure(failure -> socket.close()));
    }

    @Override
    public Future<Void> publish(HttpClient connection, String topic, String payload) {
        return connection
                .request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setURI("/publish?topic=" + HeraldTarget.encode(topic))
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain"))
                .compose(request -> request.send(Buffer.buffer(payload)))
                .compose(Responses::expectSuccess);
    }
}
