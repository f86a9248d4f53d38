package dev.herald.browser;

import dev.herald.config.ConfigLoader;
import dev.herald.server.HeraldServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser subscribes to a real Herald with its own {@code EventSource} and {@code WebSocket}
 * and receives an update published over HTTP. The page comes from another origin, as a web app's
 * would, so the browser also enforces Herald's CORS answers.
 *
 * <p>Needs Chromium ({@code apt-get install -y chromium}); skipped without it.
 */
class BrowserSubscribeTest {
    private static final String KEY = "browser-subscribe-test-key-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DATA = "Hello from Herald ✓ <&>\nsecond line";

    // The page waits 10 s for anything it expects, half of WAIT, so a missing message is reported
    // by the page, with what it did receive, before the DevTools call itself times out.
    private static final String TEST_PAGE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Herald browser test</title></head>
            <body>
            <script>
            const WAIT_MS = 10000;
            // What each subscription received, by name, for the test to collect.
            const received = {};

            function within(promise, describeMissing) {
              return Promise.race([promise, new Promise((_, reject) =>
                  setTimeout(() => reject(new Error(describeMissing() + ' within ' + WAIT_MS + ' ms')), WAIT_MS))]);
            }

            // Resolves once the stream opens, which Herald allows only when the subscription is live.
            function subscribeWithEventSource(url) {
              const messages = received.eventSource = [];
              const source = new EventSource(url);
              source.onmessage = event => messages.push({type: event.type, id: event.lastEventId, data: event.data});
              return within(new Promise((resolve, reject) => {
                source.onopen = () => resolve(true);
                source.onerror = () => reject(new Error('EventSource failed, readyState ' + source.readyState));
              }), () => 'no open event');
            }

            // Resolves with the "subscribed" message; answers pings and keeps every other message.
            function subscribeWithWebSocket(url) {
              const messages = received.webSocket = [];
              const socket = new WebSocket(url);
              let subscribed = false;
              return within(new Promise((resolve, reject) => {
                socket.onmessage = event => {
                  let message;
                  try {
                    message = JSON.parse(event.data);
                  } catch (error) {
                    message = {type: 'unparsable', text: event.data};
                  }
                  if (message.type === 'ping') {
                    socket.send(JSON.stringify({type: 'pong'}));
                  } else if (message.type === 'subscribed' && !subscribed) {
                    subscribed = true;
                    resolve(message);
                  } else {
                    messages.push(message);
                  }
                };
                socket.onclose = event => reject(new Error('WebSocket closed before it subscribed: code '
                    + event.code + ' ' + event.reason + '; received ' + JSON.stringify(messages)));
              }), () => 'no subscribed message; received ' + JSON.stringify(messages));
            }

            // Resolves with everything a subscription received once that is at least `count` messages.
            function receivedBy(name, count) {
              return within(new Promise(resolve => {
                const check = () => received[name].length >= count ? resolve(received[name]) : setTimeout(check, 10);
                check();
              }), () => 'fewer than ' + count + ' message(s) on ' + name + ': ' + JSON.stringify(received[name]));
            }
            </script>
            </body>
            </html>
            """;

    private static HeraldServer herald;
    private static Vertx vertx;
    private static HttpServer pageServer;
    private static Chromium chromium;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> executable = Chromium.find();
        assumeTrue(executable.isPresent(), "Chromium is not installed (no /usr/bin/chromium, no chromium on the "
                + "PATH); to run the browser tests: apt-get install -y chromium");
        herald = HeraldServer.start(ConfigLoader.load(new String[]{"--listen", "127.0.0.1:0",
                        "--publisher-jwt-key", KEY, "--subscriber-jwt-key", KEY, "--anonymous", "--cors-origins", "*"},
                Map.of())).await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        vertx = Vertx.vertx();
        pageServer = vertx.createHttpServer()
                .requestHandler(request -> request.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(TEST_PAGE))
                .listen(0, "127.0.0.1")
                .await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        chromium = Chromium.launch(vertx, executable.get(), WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            try {
                if (vertx != null) {
                    vertx.close().await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                if (herald != null) {
                    herald.close().await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** A fresh page per test, so no subscription outlives its test. */
    @BeforeEach
    void openTestPage() {
        chromium.navigate("http://127.0.0.1:" + pageServer.actualPort() + "/");
    }

    @Test
    void eventSourceReceivesUpdatePublishedOverHttp() throws Exception {
        String topic = newTopic();
        chromium.evaluate("subscribeWithEventSource(" + Json.encode(subscribeUrl("http", topic)) + ")");

        String id = publish(topic, DATA);

        JsonArray received = (JsonArray) chromium.evaluate("receivedBy('eventSource', 1)");
        assertEquals(JsonArray.of(new JsonObject().put("type", "message").put("id", id).put("data", DATA)), received);
    }

    @Test
    void webSocketReceivesUpdatePublishedOverHttp() throws Exception {
        String topic = newTopic();
        JsonObject subscribed = (JsonObject) chromium.evaluate(
                "subscribeWithWebSocket(" + Json.encode(subscribeUrl("ws", topic)) + ")");
        assertEquals("subscribed", subscribed.getString("type"), subscribed.encode());

        String id = publish(topic, DATA);

        JsonArray received = (JsonArray) chromium.evaluate("receivedBy('webSocket', 1)");
        assertEquals(1, received.size(), "exactly one message after subscribing: " + received.encode());
        JsonObject update = received.getJsonObject(0);
        assertEquals("update", update.getString("type"), update.encode());
        assertEquals(id, update.getString("id"), update.encode());
        assertEquals(List.of(topic), update.getJsonArray("topics").getList(), update.encode());
        assertEquals(DATA, update.getString("data"), update.encode());
    }

    @Test
    void eventSourceSubscribesWithDraft08MatchBuiltByUrlSearchParams() throws Exception {
        // Spaces become '+' and '+', ';', '%', '&' and '=' are percent-encoded, as URLSearchParams
        // writes them: the hub must read back exactly the topic the page meant.
        String topic = newTopic() + "&q=a b+c;d%e=\u00e9";
        String url = "(() => { const url = new URL(" + Json.encode(subscribeUrl("http", "unused")) + ");"
                + " url.search = ''; url.searchParams.append('match', " + Json.encode(topic) + "); return url.href; })()";
        chromium.evaluate("subscribeWithEventSource(" + url + ")");

        String id = publish(topic, DATA);

        JsonArray received = (JsonArray) chromium.evaluate("receivedBy('eventSource', 1)");
        assertEquals(JsonArray.of(new JsonObject().put("type", "message").put("id", id).put("data", DATA)), received);
    }

    /** A topic URL whose query needs encoding, unique to the test. */
    private static String newTopic() {
        return "https://example.com/books/" + UUID.randomUUID() + "?lang=fr&format=json";
    }

    private static String subscribeUrl(String scheme, String topic) {
        return scheme + "://127.0.0.1:" + herald.port() + "/.well-known/mercure?topic=" + URLEncoder.encode(topic, UTF_8);
    }

    /** Publishes as a publisher allowed every topic and returns the event id Herald assigned. */
    private static String publish(String topic, String data) throws Exception {
        String token = Jwts.builder()
                .claim("mercure", Map.of("publish", List.of("*")))
                .signWith(Keys.hmacShaKeyFor(KEY.getBytes(UTF_8)), Jwts.SIG.HS256)
                .compact();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.port() + "/.well-known/mercure"))
                .timeout(WAIT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "topic=" + URLEncoder.encode(topic, UTF_8) + "&data=" + URLEncoder.encode(data, UTF_8)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "publish answered: " + response.body());
        return response.body();
    }
}
