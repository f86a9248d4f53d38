package dev.herald.subscription;

import dev.herald.broker.Broker;
import dev.herald.broker.LocalBroker;
import dev.herald.core.Grants;
import dev.herald.core.TopicSelector;
import dev.herald.core.UpdateDraft;
import dev.herald.history.InMemoryEventLog;
import dev.herald.metrics.HubMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One event loop with a local broker and its registry, for tests that drive {@link Subscriptions}
 * directly with a {@link FakeTransport}.
 */
final class OnLoop implements AutoCloseable {
    static final String TOPIC = "t";

    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    final Context context = vertx.getOrCreateContext();
    final Broker broker;
    final Subscriptions subscriptions;

    OnLoop() {
        this(new LocalBroker(new InMemoryEventLog(10_000, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC())));
    }

    OnLoop(Broker broker) {
        this.broker = broker;
        this.subscriptions = call(() -> new Subscriptions(vertx, context, broker, new SelectorBudget(Long.MAX_VALUE), 10_000, Duration.ZERO,
                new HubMetrics(new SimpleMeterRegistry()), ActiveSubscriptions.disabled()));
    }

    /** Publishes {@code count} updates to {@link #TOPIC}. */
    void publish(int count) {
        for (int i = 0; i < count; i++) {
            broker.publish(new UpdateDraft(null, List.of(TOPIC), "data " + i, null, null, false));
        }
    }

    /** Runs {@code action} on the loop and waits until it ran. */
    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Subscribes to {@link #TOPIC} from {@code lastEventId}, on the loop. */
    Subscriber subscribe(Transport transport, String lastEventId) {
        return call(() -> subscriptions.subscribe(
                new SubscribeRequest(List.of(TopicSelector.parse(TOPIC)), Grants.anonymous(), lastEventId), transport,
                new SubscriptionHead() {
                    @Override
                    public void accepted(String anchorId) {
                    }

                    @Override
                    public void refused(String reason) {
                        throw new AssertionError("history refused: " + reason);
                    }
                }));
    }

    /** Runs {@code action} on the loop and returns its result; an exception fails the caller. */
    <T> T call(Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                result.complete(action.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        return await(result);
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }
}
