package dev.herald.loadtest.target;

import dev.herald.loadtest.wire.SseParser;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.function.Consumer;

/**
 * Opens a subscriber's own HTTP connection (no pool: one long-lived stream per connection,
 * closed with the subscription) and runs streaming GETs on it.
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

    /** GET {@code uri} and feed the body to {@code chunks}; fails unless the status is 200. */
    static Future<HttpClientResponse> stream(HttpClientConnection connection, String uri, MultiMap headers,
            Consumer<Buffer> chunks) {
        return connection.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setHeaders(headers))
                .compose(request -> request.send())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return response.body().transform(body -> Future.failedFuture(
                                "HTTP " + response.statusCode() + " " + abbreviate(body.succeeded() ? body.result().toString() : "")));
                    }
                    response.handler(chunks::accept);
                    return Future.succeededFuture(response);
                });
    }

    /** Opens an event stream: one connection, one GET, body parsed as text/event-stream. */
    static Future<Subscription> eventStream(Connections connections, int node, String uri, MultiMap headers,
            EventSink sink) {
        return connect(connections, node).compose(connection -> {
            ClosableConnection subscription = new ClosableConnection(connection, sink);
            SseParser parser = new SseParser((id, idLength, data, dataLength) ->
                    sink.onEvent(id, 0, idLength, data, 0, dataLength));
            return stream(connection, uri, headers, parser::feed)
                    .<Subscription>map(response -> {
                        response.endHandler(ignored -> subscription.lost("stream ended"));
                        return subscription;
                    })
                    .onFailure(failure -> connection.close());
        });
    }

    static String abbreviate(String text) {
        String single = text.replaceAll("\\s+", " ").trim();
        return single.length() > 120 ? single.substring(0, 120) + "…" : single;
    }
}
