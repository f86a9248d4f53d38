package dev.herald.server;

import dev.herald.config.HeraldConfig;
import dev.herald.core.ReservedNamespace;
import dev.herald.http.AccessLog;
import dev.herald.http.AccessTokenQuery;
import dev.herald.http.ClientError;
import dev.herald.http.Cors;
import dev.herald.http.QueryCheck;
import dev.herald.http.RequestTarget;
import dev.herald.http.SecurityLog;
import dev.herald.publish.PublishHandler;
import dev.herald.subscription.Subscriptions;
import dev.herald.transport.SubscribeRequestParser;
import dev.herald.transport.longpoll.LongPollHandler;
import dev.herald.transport.sse.SseHandler;
import dev.herald.transport.ws.WsHandler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Every HTTP route of the hub, in one place. Wiring only. */
final class Routes {
    static final String HUB_PATH = "/.well-known/mercure";
    static final String HEALTH_PATH = "/healthz";
    static final String READY_PATH = "/readyz";
    /** The subscriptions API, served when {@code subscription_events} is on. */
    static final String SUBSCRIPTIONS_PATH = HUB_PATH + "/subscriptions";

    private Routes() {
    }

    /** The path of {@code hub_url}, without a trailing slash: what the subscription topics and ids start with. */
    static String hubPath(HeraldConfig config) {
        String path = config.server().hubUrl().getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static Router create(Vertx vertx, HubServices services, Subscriptions subscriptions) {
        HeraldConfig config = services.config();
        Cors cors = new Cors(config.server().corsOrigins());
        SubscribeRequestParser parser = new SubscribeRequestParser(config.subscribers(), services.subscriberAuth(),
                config.server().hubUrl());
        int maxQueueBytes = config.subscribers().maxQueueBytes();

        Router router = Router.router(vertx);
        router.route().handler(services.clientAddress());
        router.route().handler(SecurityLog.serverErrors());
        if (config.logging().accessLog()) {
            router.route().handler(new AccessLog());
        }
        boolean metricsHere = !config.metrics().separateListener();
        URI hubUrl = config.server().hubUrl();
        String metadataPath = ProtectedResourceMetadata.path(hubUrl);
        boolean subscriptionsApi = services.directory() != null;
        Set<String> paths = new HashSet<>(Set.of(HUB_PATH, "/", HEALTH_PATH, READY_PATH, metadataPath));
        if (metricsHere) {
            paths.addAll(Set.of(MetricsEndpoint.PATH, AdminView.PATH, AdminView.STATS_PATH));
        }
        if (subscriptionsApi) {
            paths.add(SUBSCRIPTIONS_PATH);
        }
        router.route().handler(new RequestTarget(paths, HUB_PATH, subscriptionsApi ? SUBSCRIPTIONS_PATH : null));
        // Every refusal about a token under the hub's path names the metadata document (draft-08, Error Responses).
        router.routeWithRegex("^" + Pattern.quote(HUB_PATH) + "(/.*)?$")
                .handler(ClientError.resourceMetadata(ProtectedResourceMetadata.url(hubUrl)));
        router.route(HUB_PATH).handler(MetricsEndpoint.authRefusals(services.metrics()));
        router.post(HUB_PATH).handler(MetricsEndpoint.publishOutcomes(services.metrics()));
        router.route(HUB_PATH).handler(cors).handler(new QueryCheck()).handler(new AccessTokenQuery())
                .handler(services.drain().refuseWhileDraining());
        router.get(HUB_PATH).handler(new TransportSelector(
                new SseHandler(subscriptions, parser, maxQueueBytes),
                new WsHandler(vertx, subscriptions, parser, config.webSocket(), maxQueueBytes, cors),
                new LongPollHandler(vertx, subscriptions, parser, config.longPoll())));
        router.post(HUB_PATH).handler(new PublishHandler(services.broker(), services.publisherVerifier(),
                config.auth().cookieName(), config.publish(), services.publishLimiter(), cors, new ReservedNamespace(hubUrl)));
        if (subscriptionsApi) {
            // Every method reaches CORS, so a browser's preflight is answered; then GET only.
            router.route(SUBSCRIPTIONS_PATH + "*").handler(cors);
            router.get(SUBSCRIPTIONS_PATH + "*").handler(new QueryCheck()).handler(new AccessTokenQuery())
                    .handler(new SubscriptionsApi(SUBSCRIPTIONS_PATH, hubPath(config), services.directory(),
                            services.broker().log(), services.subscriberAuth(), parser));
        }
        router.get("/").handler(new IndexPage(services.version()));
        router.get(metadataPath).handler(new ProtectedResourceMetadata(HeraldServer.tokenRules(config).resource(),
                subscriptionsApi));
        if (metricsHere) {
            router.get(MetricsEndpoint.PATH).handler(
                    MetricsEndpoint.scrape(services.metricsRegistry(), config.metrics().token()));
            router.get(AdminView.PATH).handler(AdminView.page());
            router.get(AdminView.STATS_PATH).handler(AdminView.stats(services));
        }
        router.get(HEALTH_PATH).handler(Health.liveness(services.loops()));
        router.get(READY_PATH).handler(Health.readiness(services.broker(), services.drain(), services.keySets()));

        router.errorHandler(404, context -> ClientError.send(context.response(), 404, "not found"));
        router.errorHandler(405, context -> ClientError.send(context.response(), 405,
                "method not allowed: use GET to subscribe and POST to publish"));
        router.errorHandler(400, context -> ClientError.send(context.response(), 400, "bad request"));
        router.errorHandler(500, context -> ClientError.send(context.response(), 500, "internal error"));
        return router;
    }
}
