package dev.herald.server;

import dev.herald.auth.SubscriberAuth;
import dev.herald.broker.SubscriptionDirectory;
import dev.herald.core.ActiveSubscription;
import dev.herald.core.Grants;
import dev.herald.core.TopicSelector;
import dev.herald.core.UpdateDraft;
import dev.herald.history.InMemoryEventLog;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.transport.SubscribeRequestParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The subscriptions API reads the last event id before the list: a subscription that starts while
 * the list is read is then either listed or announced after that id, never lost between the two.
 */
class SubscriptionsApiOrderTest {
    private static final String PATH = "/.well-known/mercure/subscriptions";

    @Test
    void theLastEventIdIsReadBeforeTheListSoAnEventDuringTheListingIsAfterIt() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog(100, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC());
        // A subscription starts while the list is read: its event lands in the log meanwhile.
        SubscriptionDirectory startsDuringListing = new SubscriptionDirectory() {
            @Override
            public void add(List<ActiveSubscription> started) {
            }

            @Override
            public void remove(List<ActiveSubscription> ended) {
            }

            @Override
            public Future<List<ActiveSubscription>> list(Query query, int limit) {
                log.append(new UpdateDraft(null, List.of(PATH + "/exact/a/b"), "{}", null, null, false));
                return Future.succeededFuture(List.of());
            }

            @Override
            public Future<Void> close() {
                return Future.succeededFuture();
            }
        };
        Grants everything = new Grants(List.of(), List.of(TopicSelector.parse("*")), null, null, null);
        SubscriberAuth auth = new SubscriberAuth(token -> Future.succeededFuture(everything), false, "mercureAuthorization");
        SubscriptionsApi api = new SubscriptionsApi(PATH, "/.well-known/mercure", startsDuringListing, log, auth,
                new SubscribeRequestParser(null, auth, URI.create("https://localhost/.well-known/mercure")));
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            router.get(PATH + "*").handler(api);
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpResult listed = Http.get("http://127.0.0.1:" + server.actualPort() + PATH,
                    Map.of("Authorization", "Bearer any"));
            assertEquals(200, listed.status(), listed.toString());
            assertEquals("earliest", new JsonObject(listed.body()).getString("last_event_id"),
                    "the id read before the listing, which the event of the listing's time follows");
        } finally {
            vertx.close();
        }
    }
}
