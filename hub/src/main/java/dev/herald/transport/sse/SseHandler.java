package dev.herald.transport.sse;

import dev.herald.http.ClientError;
import dev.herald.http.HeaderValues;
import dev.herald.http.SpentHeaders;
import dev.herald.subscription.SubscribeRequest;
import dev.herald.subscription.SubscriptionHead;
import dev.herald.subscription.Subscriptions;
import dev.herald.transport.JoinedFrames;
import dev.herald.transport.SubscribeRequestParser;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /.well-known/mercure} as an event stream: the response head goes out as soon as the
 * subscription is registered (so proxies forward the stream and EventSource fires {@code open}),
 * then the replay of what the client missed, then live updates.
 */
public final class SseHandler implements Handler<RoutingContext> {

    private final Subscriptions subscriptions;
    private final SubscribeRequestParser parser;
    private final int maxQueueBytes;
    private final JoinedFrames<Buffer> joinedFrames = JoinedFrames.buffers();

    public SseHandler(Subscriptions subscriptions, SubscribeRequestParser parser, int maxQueueBytes) {
        this.subscriptions = subscriptions;
        this.parser = parser;
        this.maxQueueBytes = maxQueueBytes;
    }

    @Override
    public void handle(RoutingContext context) {
        parser.accept(context, request -> subscribe(request, context.request()));
    }

    private void subscribe(SubscribeRequest request, HttpServerRequest http) {
        HttpServerResponse response = http.response();
        subscriptions.subscribe(request, new SseTransport(response, maxQueueBytes, joinedFrames), new SubscriptionHead() {
            @Override
            public void accepted(String lastEventId) {
                response.setChunked(true)
                        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0")
                        .putHeader("X-Accel-Buffering", "no")
                        .putHeader("Last-Event-ID", HeaderValues.utf8(lastEventId));
                if (request.lastEventId() != null) {
                    response.putHeader(SubscribeRequestParser.MERCURE_LAST_EVENT_ID, HeaderValues.utf8(lastEventId));
                }
                response.writeHead();
                SpentHeaders.release(http);
            }

            @Override
            public void refused(String reason) {
                ClientError.sendUnavailable(response, reason);
            }
        });
    }
}
