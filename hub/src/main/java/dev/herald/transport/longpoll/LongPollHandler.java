package dev.herald.transport.longpoll;

import dev.herald.config.LongPollSettings;
import dev.herald.http.ClientError;
import dev.herald.subscription.SubscribeRequest;
import dev.herald.subscription.SubscriptionHead;
import dev.herald.subscription.Subscriptions;
import dev.herald.transport.SubscribeRequestParser;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /.well-known/mercure} as a long-poll: answers at once with the matching updates after
 * the client's last event id, else waits for the next one or {@code poll_timeout}, whichever comes
 * first. The poll goes through the same subscribe sequence as a stream, so nothing published between
 * two polls is lost: the next poll resumes from the returned {@code lastEventID}.
 */
public final class LongPollHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final Subscriptions subscriptions;
    private final SubscribeRequestParser parser;
    private final LongPollSettings settings;

    public LongPollHandler(Vertx vertx, Subscriptions subscriptions, SubscribeRequestParser parser,
                           LongPollSettings settings) {
        this.vertx = vertx;
        this.subscriptions = subscriptions;
        this.parser = parser;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext context) {
        parser.accept(context, request -> subscribe(request, context.response()));
    }

    private void subscribe(SubscribeRequest request, HttpServerResponse response) {
        LongPollTransport transport = new LongPollTransport(vertx, response, settings);
        subscriptions.subscribe(request, transport, new SubscriptionHead() {
            @Override
            public void accepted(String lastEventId) {
                transport.resumeFrom(lastEventId, request.lastEventId() != null);
            }

            @Override
            public void refused(String reason) {
                ClientError.sendUnavailable(response, reason);
            }
        });
    }
}
