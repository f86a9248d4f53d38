package dev.herald.testing;

import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.server.HeraldServer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Herald on an ephemeral port of 127.0.0.1, with two event loops and one fixed HMAC key for
 * both roles. Extra flags are appended after the defaults, so they override them.
 *
 * <pre>{@code
 * try (TestHub hub = TestHub.start("--anonymous", "--history-size", "5")) {
 *     SseClient events = hub.subscribe("https://example.com/books/1");
 *     hub.publish().topic("https://example.com/books/1").data("hi").send();
 * }
 * }</pre>
 */
public final class TestHub implements AutoCloseable {
    /** The HMAC secret both roles verify with: 48 bytes, enough for HS256 and HS384. */
    public static final String KEY = "herald-test-hmac-secret-0123456789-abcdefghijklm";

    private final HeraldServer server;
    private final HeraldConfig config;
    private final String key;

    private TestHub(HeraldServer server, HeraldConfig config, String key) {
        this.server = server;
        this.config = config;
        this.key = key;
    }

    /** Starts a hub with the default flags followed by {@code extraArgs}. */
    public static TestHub start(String... extraArgs) {
        return builder().args(extraArgs).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a hub from a configuration built elsewhere (e.g. by {@code DevMode.prepare}). */
    public static TestHub start(HeraldConfig config) {
        HeraldServer server = await(HeraldServer.start(config).toCompletionStage().toCompletableFuture());
        return new TestHub(server, config, config.auth().publisherJwtKey());
    }

    /** Assembles the flags and environment of a hub. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private boolean defaultKeys = true;

        private Builder() {
        }

        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Leaves out the default key flags, for tests that configure their own keys. */
        public Builder noDefaultKeys() {
            defaultKeys = false;
            return this;
        }

        /** The configuration these flags and environment produce. */
        public HeraldConfig config() {
            List<String> all = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--event-loops", "2"));
            if (defaultKeys) {
                all.addAll(List.of("--publisher-jwt-key", KEY, "--subscriber-jwt-key", KEY));
            }
            all.addAll(args);
            return ConfigLoader.load(all.toArray(String[]::new), env);
        }

        public TestHub start() {
            return TestHub.start(config());
        }
    }

    public HeraldConfig config() {
        return config;
    }

    public HeraldServer server() {
        return server;
    }

    /** The HMAC secret the hub verifies tokens with (meaningless when a PEM key was configured). */
    public String key() {
        return key;
    }

    /** Signs tokens with {@link #key()}. */
    public Tokens tokens() {
        return Tokens.hmac(key);
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String hubUrl() {
        return baseUrl() + "/.well-known/mercure";
    }

    /** The subscribe URL for {@code topics}, each percent-encoded as one {@code topic} parameter. */
    public String subscribeUrl(String... topics) {
        return subscribeUrl(hubUrl(), topics);
    }

    /** The subscribe URL of the hub at {@code hubUrl} for {@code topics}. */
    public static String subscribeUrl(String hubUrl, String... topics) {
        StringBuilder url = new StringBuilder(hubUrl);
        char separator = '?';
        for (String topic : topics) {
            url.append(separator).append("topic=").append(encode(topic));
            separator = '&';
        }
        return url.toString();
    }

    /** A subscription to build: token, topics, Last-Event-ID, headers. */
    public SseClient.Builder subscriber() {
        return SseClient.to(this);
    }

    /** Opens an anonymous subscription (the hub must allow anonymous) and awaits its response head. */
    public SseClient subscribe(String... topics) {
        return subscriber().topics(topics).open();
    }

    /** Opens a subscription with a token granting {@code *}, and awaits its response head. */
    public SseClient subscribeWithFullAccess(String... topics) {
        return subscriber().token(tokens().subscriber("*")).topics(topics).open();
    }

    /** A publish signed with a token that may publish to every topic. */
    public Publisher publish() {
        return Publisher.to(this).token(tokens().publisher("*"));
    }

    /**
     * Publishes a public update with data {@code sentinel} to {@code topic} and returns its id. A
     * subscriber whose next event is the sentinel received nothing in between: updates reach each
     * subscriber in log order, so this replaces waiting for something not to arrive.
     */
    public String publishSentinel(String topic) {
        return publish().topic(topic).data("sentinel").sendOk();
    }

    /** Connected subscribers, summed over the event loops. */
    public int subscriberCount() {
        return await(server.subscriberCount().toCompletionStage().toCompletableFuture());
    }

    /** Waits until exactly {@code expected} subscribers are connected; fails after a few seconds. */
    public void awaitSubscriberCount(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int count;
        while ((count = subscriberCount()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " subscribers, the hub counts " + count);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        await(server.close().toCompletionStage().toCompletableFuture());
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder dump = new StringBuilder("timed out; threads:\n");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                dump.append(thread.getName()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    ").append(frame).append('\n');
                }
            });
            System.err.println(dump);
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
