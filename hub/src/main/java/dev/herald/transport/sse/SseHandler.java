package dev.herald.transport.sse;

import dev.herald.core.CloseReason;
import dev.herald.core.Subscriber;
import dev.herald.history.Replay;
import dev.herald.http.ClientError;
import dev.herald.http.HeaderValues;
import dev.herald.server.HubServices;
import dev.herald.transport.SubscribeRequest;
import dev.herald.transport.Subscriptions;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /.well-known/mercure} as an event stream: validates the subscription, registers it,
 * sends the response head at once (so proxies forward the stream and EventSource fires
 * {@code open}), replays what the client missed, then streams live updates.
 */
public final class SseHandler implements Handler<RoutingContext> {
    private final HubServices services;
    private final Subscriptions subscriptions;

    public SseHandler(HubServices services, Subscriptions subscriptions) {
        this.services = services;
        this.subscriptions = subscriptions;
    }

    @Override
    public void handle(RoutingContext context) {
        SubscribeRequest.accept(context, services).ifPresent(request -> stream(context, request));
    }

    private void stream(RoutingContext context, SubscribeRequest request) {
        HttpServerResponse response = context.response();
        SseTransport transport = new SseTransport(response, services.config().maxQueueBytes(), subscriptions.writes());
        Subscriber subscriber = subscriptions.newSubscriber(request.selectors(), request.grants(), transport);
        response.closeHandler(ignored -> subscriber.close(CloseReason.CLIENT_CLOSED));
        subscriptions.open(subscriber, request.lastEventId(), Integer.MAX_VALUE).onComplete(read -> {
            if (read.failed()) {
                subscriptions.remove(subscriber);
                ClientError.send(response, 503, "history unavailable, retry shortly");
                return;
            }
            if (subscriber.isClosed()) {
                return;
            }
            Replay replay = read.result();
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0")
                    .putHeader("X-Accel-Buffering", "no")
                    .putHeader("Last-Event-ID", HeaderValues.utf8(replay.anchorIdFor(subscriber.grants())));
            response.writeHead();
            subscriptions.writes().run(() -> subscriber.finishReplay(replay));
        });
    }
}
