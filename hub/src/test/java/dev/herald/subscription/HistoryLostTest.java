package dev.herald.subscription;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerHealth;
import dev.herald.broker.UpdateListener;
import dev.herald.broker.LocalBroker;
import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.UpdateDraft;
import dev.herald.history.EventLog;
import dev.herald.history.InMemoryEventLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A subscriber never silently skips part of the log: when the history it still had to replay was
 * evicted, or the log restarted under it (a new epoch), it is closed with {@code history_lost} so
 * the client reconnects and learns from the hub what it can still get.
 */
class HistoryLostTest {

    @Test
    void aReplayThatFallsBehindEvictionIsClosedInsteadOfSkipping() {
        int capacity = 300;
        LocalBroker broker = new LocalBroker(new InMemoryEventLog(capacity, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC()));
        try (OnLoop loop = new OnLoop(broker)) {
            loop.publish(capacity);
            FakeTransport transport = FakeTransport.slow(null, 50); // drains only when the test says so
            loop.subscribe(transport, "earliest");
            OnLoop.await(transport.written(50)); // the first page is read and the replay paused on a full queue
            loop.publish(capacity + 100); // evicts everything the paused replay has yet to read
            // Each drain lets the replay go on; its page reads complete on later turns of the loop.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!transport.closed.isDone() && System.nanoTime() < deadline) {
                loop.run(transport::drain);
            }
            assertEquals(CloseReason.HISTORY_LOST, OnLoop.await(transport.closed));
            List<Long> written = transport.written;
            assertEquals(LongStream.rangeClosed(1, written.size()).boxed().toList(), written,
                    "what was written before the close has no gap");
        }
    }

    @Test
    void aLiveUpdateFromANewEpochClosesTheSubscriber() {
        RestartingBroker broker = new RestartingBroker();
        try (OnLoop loop = new OnLoop(broker)) {
            FakeTransport transport = FakeTransport.healthy();
            loop.subscribe(transport, null);
            loop.publish(3);
            OnLoop.await(transport.written(3));
            broker.restart(); // the log starts over: sequences 1, 2, 3 again, in a new epoch
            loop.publish(3);
            assertEquals(CloseReason.HISTORY_LOST, OnLoop.await(transport.closed));
            assertEquals(List.of(1L, 2L, 3L), transport.written, "nothing of the new epoch is taken for old");
        }
    }

    @Test
    void aSubscriberThatKeepsUpIsNeverClosed() {
        try (OnLoop loop = new OnLoop()) {
            FakeTransport transport = FakeTransport.healthy();
            loop.subscribe(transport, "earliest");
            loop.publish(1_000);
            OnLoop.await(transport.written(1_000));
            assertFalse(transport.closed.isDone());
        }
    }

    /** A local broker whose log can be replaced by an empty one, as a flushed or replaced store would be. */
    private static final class RestartingBroker implements Broker {
        private volatile LocalBroker current = fresh();
        private volatile Context context;
        private volatile UpdateListener listener;

        private static LocalBroker fresh() {
            return new LocalBroker(new InMemoryEventLog(100, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC()));
        }

        void restart() {
            LocalBroker next = fresh();
            next.onUpdates(context, listener);
            current = next;
        }

        @Override
        public Future<EncodedUpdate> publish(UpdateDraft draft) {
            return current.publish(draft);
        }

        @Override
        public void onUpdates(Context context, UpdateListener listener) {
            this.context = context;
            this.listener = listener;
            current.onUpdates(context, listener);
        }

        @Override
        public EventLog log() {
            return current.log();
        }

        @Override
        public BrokerHealth health() {
            return current.health();
        }

        @Override
        public Future<Void> close() {
            return current.close();
        }
    }
}
