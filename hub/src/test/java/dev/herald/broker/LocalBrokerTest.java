package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.UpdateDraft;
import dev.herald.history.InMemoryEventLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broker contract: every listener gets every update once, in log order, even when loops publish at once. */
class LocalBrokerTest {

    @Test
    void everyLoopReceivesEveryUpdateInSequenceOrderWhilePublishersRace() throws Exception {
        int publishers = 4;
        int perPublisher = 5_000;
        int total = publishers * perPublisher;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            LocalBroker broker = new LocalBroker(new InMemoryEventLog(100, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC()));
            List<List<Long>> seen = List.of(new ArrayList<>(), new ArrayList<>());
            CountDownLatch done = new CountDownLatch(2);
            for (List<Long> sequences : seen) {
                Context context = vertx.getOrCreateContext();
                broker.onUpdates(context, new UpdateListener() {
                    @Override
                    public void onUpdates(List<EncodedUpdate> batch) {
                        for (EncodedUpdate update : batch) {
                            sequences.add(update.position().sequence());
                        }
                        if (sequences.size() == total) {
                            done.countDown();
                        }
                    }

                    @Override
                    public void onLogInterrupted() {
                        throw new AssertionError("an in-memory log never restarts");
                    }
                });
            }
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                running.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        broker.publish(new UpdateDraft("id", List.of("t"), "d", null, null, false));
                    }
                }));
            }
            CompletableFuture.allOf(running.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            assertTrue(done.await(30, TimeUnit.SECONDS), "every listener receives every update");
            for (List<Long> sequences : seen) {
                for (int i = 0; i < total; i++) {
                    assertEquals(i + 1L, sequences.get(i), "log order, no gap, no repeat");
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
