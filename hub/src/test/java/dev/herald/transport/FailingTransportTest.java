package dev.herald.transport;

import dev.herald.auth.Grants;
import dev.herald.broker.LocalBroker;
import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.Subscriber;
import dev.herald.core.TopicSelector;
import dev.herald.core.Update;
import dev.herald.history.InMemoryEventLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection that fails mid-write (Vert.x throws on a socket the peer just closed) is closed on
 * its own; the subscribers dispatched after it still get every update.
 */
class FailingTransportTest {

    /** A transport whose connection is already gone: every call throws, as Vert.x does. */
    private static final class BrokenTransport implements Transport {
        volatile CloseReason closedWith;

        @Override
        public void write(EncodedUpdate update) {
            throw new IllegalStateException("WebSocket is closed");
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void close(CloseReason reason) {
            closedWith = reason;
        }

        @Override
        public boolean writable() {
            throw new IllegalStateException("WebSocket is closed");
        }

        @Override
        public void whenWritable(Runnable action) {
        }
    }

    /** A transport that records what it is given. */
    private static final class RecordingTransport implements Transport {
        final List<Long> sequences = new CopyOnWriteArrayList<>();

        @Override
        public void write(EncodedUpdate update) {
            sequences.add(update.sequence());
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void close(CloseReason reason) {
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public void whenWritable(Runnable action) {
        }
    }

    @Test
    void aBrokenConnectionIsClosedAndTheOthersStillReceiveEverything() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            LocalBroker broker = new LocalBroker(new InMemoryEventLog(100, Duration.ZERO, Clock.systemUTC()));
            Context context = vertx.getOrCreateContext();
            BrokenTransport broken = new BrokenTransport();
            RecordingTransport healthy = new RecordingTransport();
            CompletableFuture<Subscriptions> ready = new CompletableFuture<>();
            context.runOnContext(ignored -> {
                Subscriptions subscriptions = new Subscriptions(vertx, context, broker, 100, Duration.ZERO);
                for (Transport transport : List.of(broken, healthy)) {
                    Subscriber subscriber = subscriptions.newSubscriber(List.of(TopicSelector.parse("t")),
                            Grants.anonymous(), transport);
                    subscriptions.open(subscriber, null, Integer.MAX_VALUE).onSuccess(subscriber::finishReplay);
                }
                ready.complete(subscriptions);
            });
            Subscriptions subscriptions = ready.get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                broker.publish(new Update(0, "id-" + i, List.of("t"), "data", null, null, false));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (healthy.sequences.size() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), healthy.sequences);
            assertEquals(CloseReason.CLIENT_CLOSED, broken.closedWith);
            CompletableFuture<Integer> remaining = new CompletableFuture<>();
            context.runOnContext(ignored -> remaining.complete(subscriptions.size()));
            assertTrue(remaining.get(5, TimeUnit.SECONDS) == 1, "the broken subscriber is unregistered");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
