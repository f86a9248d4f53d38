package dev.herald.metrics;

import dev.herald.core.CloseReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Herald's own meters, every one registered at construction so a scrape shows zeros before anything
 * happened. Labels take values from small fixed sets only (transport, close reason, status code,
 * auth failure): never a topic, an id or a token, which would make a series per client.
 *
 * <p>Threading: every method may be called from any thread (Micrometer's meters are thread-safe).
 */
public final class HubMetrics {
    /** Delivery latencies worth telling apart, from a local hand-off to a client that lags badly. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** A publish's outcomes: accepted, or the status of its refusal. */
    static final List<String> PUBLISH_OUTCOMES = List.of("accepted", "400", "401", "403", "413", "415", "429", "503");

    /** Why a request's credentials were refused. */
    public enum AuthFailure {
        /** No token where one is needed. */
        MISSING,
        /** A token that does not verify (malformed, bad signature, algorithm, claims). */
        INVALID,
        /** A token past its {@code exp}. */
        EXPIRED,
        /** A valid token that does not grant what the request needs. */
        FORBIDDEN;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<TransportKind, TransportMeters> transports = new EnumMap<>(TransportKind.class);
    private final AtomicLong subscriptions = new AtomicLong();
    private final Map<String, Counter> publishes = new ConcurrentHashMap<>();
    private final Counter replays;
    private final Map<AuthFailure, Counter> authFailures = new EnumMap<>(AuthFailure.class);
    private final Timer redisRoundTrip;
    private final AtomicLong redisReaderLag = new AtomicLong();
    private final Counter redisReconnects;
    private final Map<String, Counter> jwksFetches = new HashMap<>();
    private volatile LongSupplier historyUpdates = () -> 0;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
        Counter replayedUpdates = Counter.builder("herald.replayed.updates")
                .description("Updates written to subscribers from history").register(registry);
        for (TransportKind kind : TransportKind.values()) {
            transports.put(kind, new TransportMeters(kind, registry, replayedUpdates));
        }
        Gauge.builder("herald.subscriptions", subscriptions, AtomicLong::get)
                .description("Topic selectors held by connected subscribers").register(registry);
        for (String outcome : PUBLISH_OUTCOMES) {
            publishes.put(outcome, publishCounter(outcome));
        }
        replays = Counter.builder("herald.replays")
                .description("Subscriptions that asked for history (a Last-Event-ID)").register(registry);
        Gauge.builder("herald.history.updates", this, metrics -> metrics.historyUpdates.getAsLong())
                .description("Updates the history retains (in a cluster, the shared log's length, read every few seconds)")
                .register(registry);
        for (AuthFailure failure : AuthFailure.values()) {
            authFailures.put(failure, Counter.builder("herald.auth.failures").tag("reason", failure.label())
                    .description("Requests refused for their credentials").register(registry));
        }
        redisRoundTrip = Timer.builder("herald.redis.round.trip")
                .description("Time from sending a log command to Redis to its answer")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        Gauge.builder("herald.redis.reader.lag", redisReaderLag, AtomicLong::get)
                .description("Updates this node's log reader is behind the shared log's head, when it last looked")
                .register(registry);
        redisReconnects = Counter.builder("herald.redis.reconnects")
                .description("Connections to Redis opened again after one was lost").register(registry);
        for (String role : List.of("publisher", "subscriber")) {
            for (String outcome : List.of("ok", "failed")) {
                jwksFetches.put(role + outcome, Counter.builder("herald.jwks.fetches").tag("role", role)
                        .tag("outcome", outcome).description("Fetches of a JWK Set of verification keys")
                        .register(registry));
            }
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of one transport, looked up once per connection. */
    public TransportMeters transport(TransportKind kind) {
        return transports.get(kind);
    }

    /**
     * What the admin view shows, read from the same meters Prometheus scrapes.
     *
     * @param connections        subscriber connections open now, by transport label
     * @param subscriptions      topic selectors held now
     * @param acceptedPublishes  publishes accepted since start
     * @param deliveries         updates written to connections since start, every transport
     */
    public record Snapshot(Map<String, Long> connections, long subscriptions, long acceptedPublishes,
                           long deliveries) {
    }

    public Snapshot snapshot() {
        Map<String, Long> connections = new java.util.LinkedHashMap<>();
        long deliveries = 0;
        for (Map.Entry<TransportKind, TransportMeters> entry : transports.entrySet()) {
            connections.put(entry.getKey().label(), entry.getValue().connections.get());
            deliveries += (long) entry.getValue().deliveries.count();
        }
        return new Snapshot(connections, subscriptions.get(), (long) publishes.get("accepted").count(), deliveries);
    }

    /** A subscriber now holds {@code delta} more (or, negative, fewer) topic selectors. */
    public void subscriptionsChanged(int delta) {
        subscriptions.addAndGet(delta);
    }

    /** A publish ended with {@code status}: 200 counts as accepted. */
    public void publishAnswered(int status) {
        String outcome = status == 200 ? "accepted" : String.valueOf(status);
        // A status outside the usual set (e.g. 500) gets its series then; statuses are few.
        publishes.computeIfAbsent(outcome, this::publishCounter).increment();
    }

    private Counter publishCounter(String outcome) {
        return Counter.builder("herald.publishes").tag("outcome", outcome)
                .description("Publish requests by outcome: accepted, or the refusal's status code").register(registry);
    }

    public void replayRequested() {
        replays.increment();
    }

    /** Where the retained update count is read from, when scraped. */
    public void historyUpdates(LongSupplier retained) {
        historyUpdates = retained;
    }

    public void authFailed(AuthFailure failure) {
        authFailures.get(failure).increment();
    }

    public void redisRoundTrip(long nanos) {
        redisRoundTrip.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void redisReaderLag(long updatesBehind) {
        redisReaderLag.set(Math.max(0, updatesBehind));
    }

    /** A fetch of the {@code publisher} or {@code subscriber} JWK Set ended; {@code ok} when it brought a set. */
    public void jwksFetched(String role, boolean ok) {
        jwksFetches.get(role + (ok ? "ok" : "failed")).increment();
    }

    public void redisReconnected() {
        redisReconnects.increment();
    }

    /**
     * One transport's meters: its connections now, how many opened and closed (by reason), the
     * updates and bytes written to them, and the delivery latency.
     */
    public static final class TransportMeters {
        private final AtomicLong connections = new AtomicLong();
        private final Counter connects;
        private final Map<String, Counter> disconnects = new HashMap<>();
        private final Counter deliveries;
        private final Counter writtenBytes;
        private final Timer latency;
        private final Counter replayedUpdates;

        private TransportMeters(TransportKind kind, MeterRegistry registry, Counter replayedUpdates) {
            this.replayedUpdates = replayedUpdates;
            String transport = kind.label();
            Gauge.builder("herald.connections", connections, AtomicLong::get).tag("transport", transport)
                    .description("Subscriber connections open now").register(registry);
            connects = Counter.builder("herald.connects").tag("transport", transport)
                    .description("Subscriber connections opened").register(registry);
            for (CloseReason reason : CloseReason.values()) {
                disconnects.put(reason.label(), disconnectCounter(registry, transport, reason.label()));
            }
            if (kind == TransportKind.LONGPOLL) {
                disconnects.put(ANSWERED, disconnectCounter(registry, transport, ANSWERED));
            }
            deliveries = Counter.builder("herald.deliveries").tag("transport", transport)
                    .description("Updates written to subscriber connections, live and replayed").register(registry);
            writtenBytes = Counter.builder("herald.written").baseUnit("bytes").tag("transport", transport)
                    .description("Bytes of updates written to subscriber connections, as framed for the transport")
                    .register(registry);
            latency = Timer.builder("herald.delivery.latency").tag("transport", transport)
                    .description("Time from when this node first held an update (placed in its log, or read"
                            + " from the shared log in a cluster) to its last live write on an event loop;"
                            + " one sample per update, loop and transport")
                    .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        }

        private static Counter disconnectCounter(MeterRegistry registry, String transport, String reason) {
            return Counter.builder("herald.disconnects").tag("transport", transport).tag("reason", reason)
                    .description("Subscriber connections closed, by reason").register(registry);
        }

        /** The reason label of a long-poll that ended by answering (with updates, or empty at its timeout). */
        public static final String ANSWERED = "answered";

        public void connected() {
            connections.incrementAndGet();
            connects.increment();
        }

        /** @param reason a {@link CloseReason#label()}, or {@link #ANSWERED} */
        public void disconnected(String reason) {
            connections.decrementAndGet();
            disconnects.get(reason).increment();
        }

        /** One update of {@code bytes} written from history. */
        public void replayed(int bytes) {
            written(bytes);
            replayedUpdates.increment();
        }

        /** One update of {@code bytes} written live. */
        public void deliveredLive(int bytes) {
            written(bytes);
        }

        /**
         * One update's live fan-out on one event loop, over this transport's connections: from when
         * the node first held it to its last write there ({@link System#nanoTime} difference).
         * Recorded once per update and loop, not per connection: the slowest recipient is the one
         * that counts, and a histogram record per delivery was half of dispatch's own cost.
         */
        public void fannedOut(long latencyNanos) {
            latency.record(latencyNanos, TimeUnit.NANOSECONDS);
        }

        private void written(int bytes) {
            deliveries.increment();
            writtenBytes.increment(bytes);
        }
    }
}
