package dev.herald.server;

import dev.herald.auth.JwksKeySet;
import dev.herald.auth.SubscriberAuth;
import dev.herald.auth.TokenRules;
import dev.herald.broker.Broker;
import dev.herald.broker.LocalBroker;
import dev.herald.broker.LocalSubscriptionDirectory;
import dev.herald.broker.SubscriptionDirectory;
import dev.herald.config.AuthSettings;
import dev.herald.config.ConfigException;
import dev.herald.config.HeraldConfig;
import dev.herald.config.ConnectionSettings;
import dev.herald.config.HistorySettings;
import dev.herald.config.PublishSettings;
import dev.herald.config.RedisSettings;
import dev.herald.history.InMemoryEventLog;
import dev.herald.http.ClientAddress;
import dev.herald.http.ClientError;
import dev.herald.http.ConnectionGate;
import dev.herald.http.RateLimiter;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.MetricsRegistry;
import dev.herald.redis.RedisBroker;
import dev.herald.redis.RedisSubscriptionDirectory;
import dev.herald.subscription.SelectorBudget;
import dev.herald.subscription.SubscriptionEvents;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A running hub: builds the shared parts from the configuration, deploys one {@link HubVerticle}
 * per event loop on one port, and stops them. The only place where Herald is wired together.
 */
public final class HeraldServer {
    private static final Logger LOG = Logger.getLogger(HeraldServer.class.getName());

    private final Vertx vertx;
    private final List<HubVerticle> verticles;
    private final Broker broker;
    private final SubscriptionDirectory directory;
    private final Drain drain;
    private final MetricsRegistry metricsRegistry;
    private final HttpServer metricsServer;
    private Future<Void> stopped;

    private HeraldServer(Vertx vertx, List<HubVerticle> verticles, HubServices services, HttpServer metricsServer) {
        this.vertx = vertx;
        this.verticles = verticles;
        this.broker = services.broker();
        this.directory = services.directory();
        this.drain = services.drain();
        this.metricsRegistry = services.metricsRegistry();
        this.metricsServer = metricsServer;
    }

    /**
     * Starts a hub. Fails with a {@link ConfigException} when the configuration cannot work (no
     * keys outside dev mode, a weak or malformed key, an algorithm that does not fit the key).
     */
    public static Future<HeraldServer> start(HeraldConfig config) {
        int eventLoops = config.server().effectiveEventLoops();
        MetricsRegistry metricsRegistry = new MetricsRegistry();
        // Vert.x reports its HTTP server, pools and Netty allocators into the hub's registry.
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true)
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setNettyMetricsEnabled(true)
                                // Not the method: a client chooses it, and every new one would be a new series.
                                .setLabels(EnumSet.of(Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))))
                .withMetrics(new MicrometerMetricsFactory(metricsRegistry.registry()))
                .build();
        HubServices services;
        try {
            services = services(config, vertx, metricsRegistry);
        } catch (ConfigException e) {
            metricsRegistry.close();
            return vertx.close().transform(ignored -> Future.failedFuture(e));
        }
        Future<Void> keys = awaitKeys(services.keySets());
        List<HubVerticle> verticles = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
                    HubVerticle verticle = new HubVerticle(services);
                    verticles.add(verticle);
                    return verticle;
                }, new DeploymentOptions().setInstances(eventLoops))
                .compose(id -> metricsListener(vertx, services))
                .compose(metricsServer -> Future.all(awaitBroker(services), keys)
                        .map(ready -> new HeraldServer(vertx, verticles, services, metricsServer)))
                .recover(failure -> closeDirectory(services.directory()).eventually(services.broker()::close)
                        .eventually(vertx::close)
                        .onComplete(ignored -> metricsRegistry.close())
                        .transform(ignored -> Future.failedFuture(failure)));
    }

    /** The separate listener for {@code /metrics} and the admin view, when {@code metrics_listen} asks for one; else null. */
    private static Future<HttpServer> metricsListener(Vertx vertx, HubServices services) {
        var settings = services.config().metrics();
        if (!settings.separateListener()) {
            return Future.succeededFuture(null);
        }
        Router router = Router.router(vertx);
        router.get(MetricsEndpoint.PATH).handler(MetricsEndpoint.scrape(services.metricsRegistry(), settings.token()));
        router.get(AdminView.PATH).handler(AdminView.page());
        router.get(AdminView.STATS_PATH).handler(AdminView.stats(services));
        router.errorHandler(404, context -> ClientError.send(context.response(), 404, "not found"));
        router.errorHandler(405, context -> ClientError.send(context.response(), 405, "method not allowed"));
        return vertx.createHttpServer().requestHandler(router).listen(settings.port(), settings.host());
    }

    /**
     * Waits for the broker to be ready, for at most the Redis timeout: a node whose Redis is down
     * at start still starts (not ready, refusing publishes and subscriptions with 503) and catches
     * up when Redis answers.
     */
    private static Future<Void> awaitBroker(HubServices services) {
        long bound = services.config().redis().timeout().toMillis();
        return services.broker().ready().timeout(bound, TimeUnit.MILLISECONDS).otherwise(failure -> {
            LOG.warning("started before Redis answered: not ready until it does");
            return null;
        });
    }

    /**
     * Fetches every JWK Set once, each within its fetch timeout. A node whose JWKS endpoint is down
     * at start still starts, like one whose Redis is: refusing to start would turn an outage of the
     * key server into a crash loop of every node restarted meanwhile, and tokens with a static key
     * keep working. Until a set arrives, tokens that need it are refused with a 401 that says so,
     * {@code /readyz} reports not ready, and the set is fetched again every few seconds.
     */
    private static Future<Void> awaitKeys(List<JwksKeySet> keySets) {
        return Future.all(keySets.stream().map(keySet -> keySet.start().onComplete(ignored -> {
            if (!keySet.fetched()) {
                LOG.warning("started without the keys of " + keySet.option() + ": tokens that need them are refused"
                        + " and the node is not ready until a fetch succeeds");
            }
        })).toList()).mapEmpty();
    }

    /** The port the hub listens on (useful when configured with port 0). */
    public int port() {
        return verticles.get(0).actualPort();
    }

    /** The port of the separate metrics listener, or -1 when {@code /metrics} is on the main one. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.actualPort();
    }

    /** How many subscribers are connected, counted on each event loop. */
    public Future<Integer> subscriberCount() {
        List<Future<Integer>> counts = verticles.stream().map(HubVerticle::subscriberCount).toList();
        return Future.all(counts).map(all -> counts.stream().mapToInt(Future::result).sum());
    }

    /**
     * Drains the node ({@link Drain}: readiness off, listener closed, clients sent to other nodes
     * over {@code drain_window}), then stops it. What SIGTERM does.
     */
    public synchronized Future<Void> drain() {
        if (stopped == null) {
            stopped = drain.run(verticles).eventually(this::stop);
        }
        return stopped;
    }

    /** Closes every connection at once and stops the hub; after {@link #drain}, waits for it. */
    public synchronized Future<Void> close() {
        if (stopped == null) {
            stopped = stop();
        }
        return stopped;
    }

    private Future<Void> stop() {
        return closeDirectory(directory).eventually(broker::close).eventually(vertx::close)
                .onComplete(ignored -> metricsRegistry.close());
    }

    private static Future<Void> closeDirectory(SubscriptionDirectory directory) {
        return directory == null ? Future.succeededFuture() : directory.close();
    }

    static HubServices services(HeraldConfig config, Vertx vertx, MetricsRegistry metricsRegistry) {
        HubMetrics metrics = new HubMetrics(metricsRegistry.registry());
        AuthSettings auth = config.auth();
        if (auth.publisherJwtKey().isBlank() && auth.publisherJwksUrl() == null) {
            throw new ConfigException("no publisher key: set publisher_jwt_key (HERALD_PUBLISHER_JWT_KEY or "
                    + "--publisher-jwt-key) to an HMAC secret of at least 32 bytes or a PEM public key, "
                    + "or publisher_jwks_url to the URL of a JWK Set, "
                    + "or run with --dev to try Herald with a generated key");
        }
        boolean subscriberKeys = !auth.subscriberJwtKey().isBlank() || auth.subscriberJwksUrl() != null;
        if (!subscriberKeys && !auth.anonymous()) {
            throw new ConfigException("no subscriber key: set subscriber_jwt_key (HERALD_SUBSCRIBER_JWT_KEY or "
                    + "--subscriber-jwt-key) or subscriber_jwks_url, or allow anonymous subscribers with anonymous: true");
        }
        if (config.server().corsOrigins().contains("*")) {
            LOG.warning("cors_origins is *: every web site may subscribe and publish with its visitors' authorization"
                    + " cookies; list the origins of your applications instead");
        }
        TokenVerifiers.Role publisher = TokenVerifiers.build(vertx, "publisher", auth.publisherJwtKey(),
                auth.publisherJwksUrl(), auth, tokenRules(config), metrics);
        TokenVerifiers.Role subscriber = subscriberKeys ? TokenVerifiers.build(vertx, "subscriber",
                auth.subscriberJwtKey(), auth.subscriberJwksUrl(), auth, tokenRules(config), metrics) : null;
        List<JwksKeySet> keySets = Stream.of(publisher, subscriber)
                .filter(role -> role != null && role.keySet() != null).map(TokenVerifiers.Role::keySet).toList();
        ConnectionSettings connections = config.connections();
        ConnectionGate gate = new ConnectionGate(connections.maxConnections(), connections.maxConnectionsPerIp(),
                connections.requestHeaderTimeout(), connections.requestBodyTimeout(), connections.keepAliveTimeout(),
                Routes.HUB_PATH);
        ClientAddress clientAddress;
        try {
            clientAddress = new ClientAddress(config.server().trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        PublishSettings publish = config.publish();
        RateLimiter publishLimiter = new RateLimiter(publish.rateLimitPerSecond(), publish.burst(),
                RateLimiter.MAX_IDENTITIES, System::nanoTime);
        Broker broker = broker(config, vertx, metrics);
        SubscriptionEvents events = config.subscribers().subscriptionEvents()
                ? new SubscriptionEvents(broker, Routes.hubPath(config)) : null;
        // A node that died could not announce the end of its subscriptions: another node does; a
        // node whose liveness lapsed but that lives on announces them again when it writes them back.
        SubscriptionDirectory directory = events == null ? null
                : config.redis().enabled()
                ? new RedisSubscriptionDirectory(vertx, config.redis(), orphans -> events.publish(orphans, false),
                        restored -> events.publish(restored, true))
                : new LocalSubscriptionDirectory();
        return new HubServices(config, broker, publisher.verifier(),
                new SubscriberAuth(subscriber == null ? null : subscriber.verifier(), auth.anonymous(), auth.cookieName()),
                keySets, gate, clientAddress,
                publishLimiter, new SelectorBudget(config.subscribers().maxHubSubscriptionBytes()), version(),
                new LoopWatch(), new Drain(config.server(), gate), metricsRegistry, metrics, directory, events);
    }

    /** The Redis broker when a Redis is configured, else the in-memory one. */
    private static Broker broker(HeraldConfig config, Vertx vertx, HubMetrics metrics) {
        HistorySettings history = config.history();
        RedisSettings redis = config.redis();
        if (redis.enabled()) {
            LOG.info("history and delivery through Redis " + (redis.sentinels().isEmpty()
                    ? RedisSettings.redacted(redis.url())
                    : "master '" + redis.masterName() + "' of Sentinels " + String.join(", ", redis.sentinels()))
                    + ", key prefix '" + redis.keyPrefix() + "'");
            return new RedisBroker(vertx, redis, history, metrics);
        }
        InMemoryEventLog log = new InMemoryEventLog(history.size(), history.maxAge(), history.maxBytes(),
                Clock.systemUTC());
        metrics.historyUpdates(log::retained);
        return new LocalBroker(log);
    }

    /** What every token is held to beyond its signature: draft-08's access token profile, jwt_audience, jwt_issuer. */
    static TokenRules tokenRules(HeraldConfig config) {
        return new TokenRules(config.server().hubUrl(), config.auth().jwtAudience(), config.auth().jwtIssuer());
    }

    /** Herald's version, from the build; {@code dev} when run from unpackaged classes. */
    public static String version() {
        try (InputStream in = HeraldServer.class.getResourceAsStream("/herald-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
