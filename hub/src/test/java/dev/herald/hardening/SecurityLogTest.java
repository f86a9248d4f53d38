package dev.herald.hardening;

import dev.herald.http.ClientError;
import dev.herald.http.RateLimitedLog;
import dev.herald.http.SecurityLog;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.LogCapture;
import dev.herald.testing.Probe;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import dev.herald.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every refused authentication and every 5xx is logged (java.util.logging) with its reason, the
 * client's address and the path, never with the token or anything of its contents, and at most
 * {@link SecurityLog#MAX_LINES_PER_SECOND} lines a second, so a flood of bad tokens cannot flood
 * the log.
 */
class SecurityLogTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String MARKER = "claim-the-log-must-not-show";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static String badToken() {
        return Tokens.wrongKey().claims(Map.of("sub", MARKER, "mercure", Map.of("publish", List.of("*"))));
    }

    /**
     * Provokes a refusal until it is logged, and returns the line. The budget is the hub's, shared by
     * every test in this JVM: right after a flood it is spent until its second is over, so this
     * repeats the request (a few times a second, for at most a few seconds) instead of assuming.
     */
    private static String provokeUntilLogged(String loggerName, Runnable provoke) {
        try (LogCapture log = LogCapture.of(loggerName)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (true) {
                provoke.run();
                List<String> messages = log.messages();
                if (!messages.isEmpty()) {
                    return messages.get(0);
                }
                assertTrue(System.nanoTime() < deadline, "nothing was logged");
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static String refusalLine(Runnable provoke) {
        return provokeUntilLogged(SecurityLog.REFUSALS, provoke);
    }

    private static void assertNothingOfTheToken(String line, String token) {
        assertFalse(line.contains(token), line);
        assertFalse(line.contains(token.substring(0, token.indexOf('.'))), line);
        assertFalse(line.contains(MARKER), line);
    }

    @Test
    void crossSiteRequestIsLogged() {
        String line = refusalLine(() -> assertEquals(403, hub.publish().token(null)
                .header("Cookie", "mercureAuthorization=" + hub.tokens().publisher("*"))
                .header("Origin", "https://evil.example").topic(TOPIC).data("x").send().status()));
        assertTrue(line.contains("403 cross-site request refused"), line);
    }

    @Test
    void refusedPublisherTokenIsLoggedWithReasonClientAndPath() {
        String token = badToken();
        String line = refusalLine(() -> assertEquals(401, hub.publish().token(token).topic(TOPIC).data("x").send()
                .status()));
        assertTrue(line.contains("401 invalid token: signature does not verify"), line);
        assertTrue(line.contains("/.well-known/mercure") && line.contains("127.0.0.1"), line);
        assertNothingOfTheToken(line, token);
    }

    @Test
    void refusedSubscriberTokenInTheQueryIsLoggedWithoutTheQuery() {
        String token = badToken();
        String line = refusalLine(() -> {
            try (SseClient events = hub.subscriber().queryToken(token).topics(TOPIC).open()) {
                assertEquals(401, events.status());
            }
        });
        assertTrue(line.contains("invalid token"), line);
        assertFalse(line.contains("authorization=") || line.contains("topic="), line);
        assertNothingOfTheToken(line, token);
    }

    @Test
    void missingTokenAndMissingGrantsAreLogged() {
        String missing = refusalLine(() -> {
            try (SseClient events = hub.subscriber().topics(TOPIC).open()) {
                assertEquals(401, events.status());
            }
        });
        assertTrue(missing.contains("401 missing token"), missing);
        String scope = refusalLine(() -> assertEquals(403, hub.publish()
                .token(hub.tokens().publisher("https://example.com/other")).topic(TOPIC).data("x").send().status()));
        assertTrue(scope.contains("403 the token does not allow publishing"), scope);
    }

    @Test
    void refusedTokenInAWebSocketAuthMessageIsLogged() {
        String token = badToken();
        try (WsClient client = WsClient.connect(hub, "topic=" + TestHub.encode(TOPIC))) {
            String line = refusalLine(() -> {
                client.send(new JsonObject().put("type", "auth").put("ref", "a").put("token", token));
                assertEquals("unauthorized", client.next("error").getString("code"));
            });
            assertTrue(line.contains("invalid token: signature does not verify") && line.contains("127.0.0.1"), line);
            assertNothingOfTheToken(line, token);
        }
    }

    @Test
    void aFloodOfBadTokensIsLoggedAtTheBoundedRateAndTheRestCounted() {
        String token = badToken();
        Runnable refused = () -> assertEquals(401, hub.publish().token(token).topic(TOPIC).data("x").send().status());
        int flood = 300;
        try (LogCapture log = LogCapture.of(SecurityLog.REFUSALS)) {
            long start = System.nanoTime();
            for (int i = 0; i < flood; i++) {
                refused.run();
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            int lines = log.records().size();
            assertTrue(lines <= SecurityLog.MAX_LINES_PER_SECOND * (seconds + 2), lines + " lines in " + seconds + " s");
            assertTrue(lines < flood, "a flood this fast exceeds the budget");
        }
        String next = refusalLine(refused);
        assertTrue(next.contains("similar lines suppressed before this one"), next);
        Probe.assertResponsive(hub);
    }

    @Test
    void linesPastTheBudgetAreCountedAndTheCountIsToldWithTheNextLine() {
        AtomicLong clock = new AtomicLong();
        Logger logger = Logger.getLogger("dev.herald.test.ratelimit");
        RateLimitedLog limited = new RateLimitedLog(logger, 3, clock::get);
        try (LogCapture log = LogCapture.of(logger.getName())) {
            for (int i = 0; i < 10; i++) {
                limited.log(Level.WARNING, "refused " + i, null);
            }
            assertEquals(List.of("refused 0", "refused 1", "refused 2"), log.messages());
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
            limited.log(Level.WARNING, "refused 10", null);
            assertEquals(3, log.records().size(), "still the same second");
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            limited.log(Level.WARNING, "refused 11", null);
            limited.log(Level.WARNING, "refused 12", null);
            assertEquals(List.of("refused 0", "refused 1", "refused 2",
                    "refused 11 (8 similar lines suppressed before this one; at most 3 a second)", "refused 12"),
                    log.messages());
        }
    }

    @Test
    void everyServerErrorIsLoggedWithItsCause() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (LogCapture log = LogCapture.of(SecurityLog.SERVER_ERRORS)) {
            Router router = Router.router(vertx);
            router.route().handler(SecurityLog.serverErrors());
            router.get("/fine").handler(context -> context.response().end("ok"));
            router.get("/refused").handler(context -> ClientError.send(context.response(), 503, "broker down"));
            router.get("/broken").handler(context -> {
                throw new IllegalStateException("a bug");
            });
            router.errorHandler(500, context -> ClientError.send(context.response(), 500, "internal error"));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + server.actualPort();

            assertEquals(200, Http.get(base + "/fine").status());
            assertEquals(503, Http.get(base + "/refused").status());
            HttpResult broken = Http.get(base + "/broken");
            assertEquals(500, broken.status());
            assertFalse(broken.body().contains("a bug"), "the cause stays in the log");

            List<LogRecord> records = log.records();
            assertEquals(2, records.size(), log.messages().toString());
            assertTrue(records.get(0).getMessage().startsWith("503 for GET /refused from 127.0.0.1"),
                    records.get(0).getMessage());
            assertEquals(Level.SEVERE, records.get(1).getLevel());
            assertTrue(records.get(1).getMessage().startsWith("500 for GET /broken from 127.0.0.1"),
                    records.get(1).getMessage());
            assertNotNull(records.get(1).getThrown());
            assertEquals("a bug", records.get(1).getThrown().getMessage());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
