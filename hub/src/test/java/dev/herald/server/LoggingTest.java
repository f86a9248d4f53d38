package dev.herald.server;

import dev.herald.http.AccessLog;
import dev.herald.testing.Await;
import dev.herald.testing.ForkedHub;
import dev.herald.testing.LogCapture;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access log and the JSON log format, and that no token or cookie value reaches a log line. */
class LoggingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void theAccessLogHasOneLinePerRequestAndNoTokenOrCookie() {
        try (TestHub hub = TestHub.start("--anonymous", "--access-log");
             LogCapture access = LogCapture.of(AccessLog.LOGGER);
             LogCapture everything = LogCapture.of("")) {
            String subscriberToken = hub.tokens().subscriber("*");
            String cookieValue = "cookie-secret-" + System.nanoTime();
            try (SseClient subscriber = hub.subscriber().topics("news").queryToken(subscriberToken)
                    .cookie("mercureAuthorization", cookieValue).open()) {
                hub.publish().topic("news").data("hello").sendOk();
                subscriber.next();
            }
            SseClient refused = hub.subscriber().topics("news").query("AUTHORIZATION", "not-a-jwt-but-secret").connect();
            assertEquals(401, refused.awaitOpen());
            refused.close();

            Await.until("three access lines", WAIT, () -> access.messages().size() >= 3);
            List<String> lines = access.messages();
            assertTrue(lines.stream().anyMatch(line -> line.contains("\"POST /.well-known/mercure\" 200 ")), lines.toString());
            assertTrue(lines.stream().anyMatch(line -> line.contains("authorization=[redacted]") && line.contains("\" 200 ")),
                    lines.toString());
            assertTrue(lines.stream().anyMatch(line -> line.contains("AUTHORIZATION=[redacted]") && line.contains("\" 401 ")),
                    lines.toString());
            for (String line : everything.messages()) {
                assertFalse(line.contains(subscriberToken) || line.contains(cookieValue)
                        || line.contains("not-a-jwt-but-secret") || line.contains(hub.tokens().publisher("*")),
                        "a secret in a log line: " + line);
            }
        }
    }

    @Test
    void withLogFormatJsonEveryLogLineIsAJsonObject() {
        try (ForkedHub hub = ForkedHub.start("256m", "--anonymous", "--log-format", "json", "--access-log")) {
            hub.publish().topic("news").data("hello").sendOk();
            Await.until("the access line of the publish", WAIT,
                    () -> hub.output().stream().anyMatch(line -> line.contains("POST /.well-known/mercure")));
            List<JsonObject> logLines = new ArrayList<>();
            for (String line : hub.output()) {
                if (line.startsWith("herald ") && line.contains(" listening on ")) {
                    continue; // the start banner on standard output, not a log line
                }
                try {
                    logLines.add(new JsonObject(line));
                } catch (DecodeException notJson) {
                    throw new AssertionError("a log line that is not JSON: " + line);
                }
            }
            assertTrue(logLines.stream().anyMatch(json -> AccessLog.LOGGER.equals(json.getString("logger"))
                    && json.getString("message").contains("\"POST /.well-known/mercure\" 200 ")
                    && "INFO".equals(json.getString("level")) && json.getString("time") != null), logLines.toString());
        }
    }
}
