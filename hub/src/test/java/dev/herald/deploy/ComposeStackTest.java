package dev.herald.deploy;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.Publisher;
import dev.herald.testing.RedisServer;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The compose stack without a container engine: both Herald nodes as compose configures them (its
 * environment, with the addresses of this machine), on a real Redis, behind nginx running
 * {@code deploy/nginx/herald.conf}. Clients reach the hub only through nginx.
 */
class ComposeStackTest {
    private static final Tokens TOKENS = Tokens.hmac(TestHub.KEY);

    private static RedisServer redis;
    private static final List<TestHub> nodes = new ArrayList<>();
    private static Nginx nginx;

    @BeforeAll
    static void start() {
        assumeTrue(Nginx.installed(), "no " + Nginx.BINARY + " (Debian package nginx): the stack behind nginx is not run");
        redis = RedisServer.launch();
        for (String node : DeployFiles.NODES) {
            TestHub.Builder hub = TestHub.builder();
            for (Map.Entry<String, String> variable : DeployFiles.environment(node).entrySet()) {
                hub.env(variable.getKey(), local(variable.getKey(), variable.getValue()));
            }
            nodes.add(hub.start());
        }
        for (TestHub node : nodes) {
            Await.until(node.baseUrl() + "/readyz answers 200", Duration.ofSeconds(10),
                    () -> Http.get(node.baseUrl() + "/readyz").status() == 200);
        }
        nginx = Nginx.start(nodes.stream().map(TestHub::port).toList());
    }

    /** A compose value with what differs on this machine replaced: Redis's and nginx's addresses, the key. */
    private static String local(String name, String value) {
        return switch (name) {
            case "HERALD_REDIS_URL" -> value.replace("redis://redis:6379", redis.url());
            case "HERALD_TRUSTED_PROXIES" -> "127.0.0.1";
            default -> value.startsWith("${JWT_KEY") ? TestHub.KEY : value;
        };
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        for (TestHub node : nodes) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void updatesPublishedThroughNginxReachSseAndWebSocketSubscribersOnBothNodes() {
        try (SseClient sse = SseClient.to(nginx.hubUrl()).token(TOKENS.subscriber("*")).topics("news").open();
             WsClient ws = WsClient.connect(nginx.port(), "topic=news", TOKENS.subscriber("*"))) {
            ws.next("subscribed");
            // nginx's round robin put one subscriber on each node.
            nodes.forEach(node -> node.awaitSubscriberCount(1));

            // Round robin again: one publish enters through each node.
            for (String data : List.of("first", "second")) {
                Publisher.to(nginx.hubUrl()).token(TOKENS.publisher("*")).topic("news").data(data).sendOk();
            }

            assertEquals(List.of("first", "second"), sse.next(2).stream().map(event -> event.data()).toList());
            assertEquals("first", ws.next("update").getString("data"));
            assertEquals("second", ws.next("update").getString("data"));
        }
    }

    @Test
    void theHealthPathsAnswerThroughNginx() {
        assertEquals(200, Http.get(nginx.baseUrl() + "/healthz").status());
        assertEquals(200, Http.get(nginx.baseUrl() + "/readyz").status());
        assertEquals(200, Http.get(nginx.baseUrl() + "/metrics").status(), "Prometheus's scrape path");
    }
}
