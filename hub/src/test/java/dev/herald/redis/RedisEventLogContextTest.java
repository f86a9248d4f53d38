package dev.herald.redis;

import dev.herald.config.RedisSettings;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.core.UpdateDraft;
import dev.herald.testing.RedisServer;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.herald.redis.RedisEventLogTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The shared log answers every caller on the caller's own event loop, whichever loop opened the
 * connection to Redis: subscribers are confined to their loop, and a history read that answered on
 * another one handed a subscriber over to live delivery while its own loop dispatched updates to it.
 */
class RedisEventLogContextTest {

    @Test
    void everyOperationAnswersOnTheLoopThatAskedNotOnTheOneThatOpenedTheConnection() throws Exception {
        try (RedisServer redis = RedisServer.launch()) {
            Vertx vertx = Vertx.vertx();
            try {
                RedisSettings settings = new RedisSettings(redis.url(), List.of(), "mymaster", "herald",
                        Duration.ofSeconds(2));
                RedisLink link = new RedisLink(RedisClients.create(vertx, settings), settings.timeout());
                RedisEventLog log = new RedisEventLog(link, new LogScript("herald"), 100, Duration.ZERO);
                Context opener = loop(vertx);
                Context subscriberLoop = loop(vertx);

                // The first command opens the link's connection, from the opener's loop.
                CompletableFuture<EncodedUpdate> first = new CompletableFuture<>();
                opener.runOnContext(ignored -> log.append(draft("a")).onSuccess(first::complete));
                LogPosition start = new LogPosition(first.get(10, TimeUnit.SECONDS).position().epoch(), 0);
                assertNotEquals(threadOf(opener), threadOf(subscriberLoop), "two loops on two threads");

                assertAnsweredOn(subscriberLoop, "append", () -> log.append(draft("b")));
                assertAnsweredOn(subscriberLoop, "head", log::head);
                assertAnsweredOn(subscriberLoop, "locate an id", () -> log.locate("a", update -> true));
                assertAnsweredOn(subscriberLoop, "locate the head", () -> log.locate(null, update -> true));
                assertAnsweredOn(subscriberLoop, "read a page", () -> log.readAfter(start, update -> true, 10));
                redis.command("SCRIPT", "FLUSH");
                assertAnsweredOn(subscriberLoop, "an append that sends the script again", () -> log.append(draft("c")));
            } finally {
                await(vertx.close());
            }
        }
    }

    /** Asks {@code operation} from {@code loop}; its answer must come on that loop. */
    private static void assertAnsweredOn(Context loop, String operation, Supplier<Future<?>> ask) throws Exception {
        CompletableFuture<String> answeredOn = new CompletableFuture<>();
        loop.runOnContext(ignored -> ask.get().onComplete(answer -> answeredOn.complete(
                answer.failed() ? "a failure: " + answer.cause()
                        : Vertx.currentContext() == loop ? "the loop that asked" : Thread.currentThread().getName())));
        assertEquals("the loop that asked", answeredOn.get(10, TimeUnit.SECONDS), operation + " answered on");
    }

    /** A fresh event-loop context of its own (deployed verticles are spread over the loops in turn). */
    private static Context loop(Vertx vertx) throws Exception {
        CompletableFuture<Context> deployed = new CompletableFuture<>();
        await(vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start() {
                deployed.complete(context);
            }
        }));
        return deployed.get(10, TimeUnit.SECONDS);
    }

    private static String threadOf(Context context) throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        context.runOnContext(ignored -> thread.complete(Thread.currentThread().getName()));
        return thread.get(10, TimeUnit.SECONDS);
    }

    private static UpdateDraft draft(String id) {
        return new UpdateDraft(id, List.of("https://example.com/t"), "data", null, null, false);
    }
}
