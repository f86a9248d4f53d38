package dev.herald.transport.longpoll;

import dev.herald.core.CloseReason;
import dev.herald.core.Subscriber;
import dev.herald.history.Replay;
import dev.herald.http.ClientError;
import dev.herald.server.HubServices;
import dev.herald.transport.SubscribeRequest;
import dev.herald.transport.Subscriptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /.well-known/mercure} as a long-poll: answers at once with the matching updates after
 * the client's last event id, else waits for the next one or {@code poll_timeout}, whichever comes
 * first. The subscriber is registered for live updates before history is read, so nothing published
 * between two polls is lost: the next poll resumes from the returned {@code lastEventID}.
 */
public final class LongPollHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final HubServices services;
    private final Subscriptions subscriptions;

    public LongPollHandler(Vertx vertx, HubServices services, Subscriptions subscriptions) {
        this.vertx = vertx;
        this.services = services;
        this.subscriptions = subscriptions;
    }

    @Override
    public void handle(RoutingContext context) {
        SubscribeRequest.accept(context, services).ifPresent(request -> poll(context, request));
    }

    private void poll(RoutingContext context, SubscribeRequest request) {
        int batchSize = services.config().pollBatchSize();
        LongPollTransport transport = new LongPollTransport(context.response(), subscriptions.writes(), batchSize);
        Subscriber subscriber = subscriptions.newSubscriber(request.selectors(), request.grants(), transport);
        long timer = vertx.setTimer(services.config().pollTimeout().toMillis(), ignored -> transport.respond());
        transport.onDone(() -> {
            vertx.cancelTimer(timer);
            subscriber.close(CloseReason.CLIENT_CLOSED);
        });
        context.response().closeHandler(ignored -> transport.respond());
        subscriptions.open(subscriber, request.lastEventId(), batchSize).onComplete(read -> {
            if (read.failed()) {
                subscriptions.remove(subscriber);
                vertx.cancelTimer(timer);
                ClientError.send(context.response(), 503, "history unavailable, retry shortly");
                return;
            }
            Replay replay = read.result();
            transport.resumeFrom(replay.anchorIdFor(request.grants()), replay.more());
            subscriptions.writes().run(() -> subscriber.finishReplay(replay));
        });
    }
}
