package dev.herald.subscription;

import dev.herald.ShortRun;
import dev.herald.broker.Broker;
import dev.herald.broker.BrokerHealth;
import dev.herald.broker.LocalBroker;
import dev.herald.broker.UpdateListener;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.Grants;
import dev.herald.core.LogPosition;
import dev.herald.core.TopicSelector;
import dev.herald.core.Update;
import dev.herald.core.UpdateDraft;
import dev.herald.history.EventLog;
import dev.herald.history.InMemoryEventLog;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.MetricsRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fan-out on one loop: a batch of updates to {@code subscribers} subscribers of one topic, through
 * the real {@link Subscriptions} dispatch (index lookup, dispatch rule, per-subscriber ordering,
 * metrics, one flush per connection) into transports that write to nothing. The score is per batch;
 * divide by subscribers × batch for the cost of one delivery on Herald's side of the socket.
 *
 * <p>The benchmark thread plays the event loop: it subscribes and dispatches, and nothing else
 * touches the registry.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchBenchmark extends ShortRun {
    private static final String TOPIC = "https://example.com/books/1234";

    @Param({"1000"})
    public int subscribers;

    /** Updates per batch: one at low rates, more when publishes arrive faster than one dispatch. */
    @Param({"1", "4"})
    public int batch;

    private Vertx vertx;
    private MetricsRegistry metrics;
    private UpdateListener listener;
    private final List<NullTransport> transports = new ArrayList<>();
    private long epoch;
    private long sequence;

    @Setup
    public void subscribe() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Context context = vertx.getOrCreateContext();
        LocalBroker log = new LocalBroker(new InMemoryEventLog(10_000, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC()));
        LogPosition head = log.publish(new UpdateDraft(null, List.of(TOPIC), "first", null, null, false)).result().position();
        epoch = head.epoch();
        sequence = head.sequence();
        metrics = new MetricsRegistry();
        Subscriptions subscriptions = new Subscriptions(vertx, context, new ListenerCapture(log), new SelectorBudget(Long.MAX_VALUE),
                10_000, Duration.ZERO, new HubMetrics(metrics.registry()), ActiveSubscriptions.disabled());
        SubscribeRequest request = new SubscribeRequest(List.of(TopicSelector.parse(TOPIC)), Grants.anonymous(), null);
        for (int i = 0; i < subscribers; i++) {
            NullTransport transport = new NullTransport();
            transports.add(transport);
            // Off any Vert.x thread the history is read in place, so the subscriber is live on return.
            subscriptions.subscribe(request, transport, new SubscriptionHead() {
                @Override
                public void accepted(String anchorId) {
                }

                @Override
                public void refused(String reason) {
                    throw new IllegalStateException(reason);
                }
            });
        }
        dispatch();
        for (NullTransport transport : transports) {
            if (transport.writes != batch) {
                throw new IllegalStateException("a subscriber got " + transport.writes + " updates of " + batch);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        metrics.close();
        vertx.close().await();
    }

    @Benchmark
    public void dispatch() {
        List<EncodedUpdate> updates = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            sequence++;
            updates.add(new EncodedUpdate(new Update(new LogPosition(epoch, sequence), Long.toString(sequence),
                    List.of(TOPIC), "{\"id\":1234,\"title\":\"a book\"}", null, null, false)));
        }
        listener.onUpdates(updates);
    }

    /** The broker as one loop's registry sees it: the log, and a listener the benchmark calls itself. */
    private final class ListenerCapture implements Broker {
        private final Broker log;

        ListenerCapture(Broker log) {
            this.log = log;
        }

        @Override
        public Future<EncodedUpdate> publish(UpdateDraft draft) {
            return log.publish(draft);
        }

        @Override
        public void onUpdates(Context context, UpdateListener updates) {
            listener = updates;
        }

        @Override
        public EventLog log() {
            return log.log();
        }

        @Override
        public BrokerHealth health() {
            return log.health();
        }

        @Override
        public Future<Void> close() {
            return log.close();
        }
    }
}
