package dev.herald.browser;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium with one page, driven over the Chrome DevTools Protocol: just enough to load
 * a page and run JavaScript in it. The browser gets a fresh profile directory, and {@link #close()}
 * kills every process it started and deletes that directory.
 *
 * <p>Every call blocks the calling thread for at most the timeout given to {@link #launch}, so a
 * browser that hangs fails the caller instead of stalling it. Never call from an event loop: the
 * DevTools replies arrive on one.
 */
final class Chromium implements AutoCloseable {
    private static final Path DEBIAN_PATH = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path workDir;
    private final Duration timeout;
    private final WebSocketClient client;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, Promise<JsonObject>> replies = new ConcurrentHashMap<>();
    private final Map<String, Promise<JsonObject>> awaitedEvents = new ConcurrentHashMap<>();
    private volatile WebSocket devTools;

    private Chromium(Process process, Path workDir, Duration timeout, WebSocketClient client) {
        this.process = process;
        this.workDir = workDir;
        this.timeout = timeout;
        this.client = client;
    }

    /** Debian's {@code /usr/bin/chromium}, else the first {@code chromium} on the PATH. */
    static Optional<Path> find() {
        if (Files.isExecutable(DEBIAN_PATH)) {
            return Optional.of(DEBIAN_PATH);
        }
        String path = System.getenv("PATH");
        return path == null ? Optional.empty()
                : Stream.of(path.split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, "chromium"))
                        .filter(Files::isExecutable)
                        .findFirst();
    }

    /** Starts the browser and opens a blank page to drive; {@code timeout} bounds every later call too. */
    static Chromium launch(Vertx vertx, Path executable, Duration timeout) throws IOException {
        Path workDir = Files.createTempDirectory("herald-chromium-");
        Path profile = Files.createDirectory(workDir.resolve("profile"));
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-quic", "--no-first-run",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--remote-debugging-port=0", "about:blank")
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("chromium.log").toFile())
                    .start();
        } catch (IOException e) {
            deleteRecursively(workDir);
            throw e;
        }
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 * 1024 * 1024)
                .setMaxMessageSize(64 * 1024 * 1024));
        Chromium chromium = new Chromium(process, workDir, timeout, client);
        try {
            chromium.connect(chromium.newPage(chromium.devToolsPort(profile)));
            chromium.send("Page.enable", new JsonObject());
            return chromium;
        } catch (RuntimeException | IOException e) {
            chromium.close();
            throw e;
        }
    }

    /** Loads {@code url} in the page and waits for its load event. */
    void navigate(String url) {
        Promise<JsonObject> loaded = Promise.promise();
        awaitedEvents.put("Page.loadEventFired", loaded);
        JsonObject result = send("Page.navigate", new JsonObject().put("url", url));
        if (result.getString("errorText") != null) {
            throw new IllegalStateException("Chromium could not load " + url + ": " + result.getString("errorText"));
        }
        await(loaded.future(), "the load event of " + url);
    }

    /**
     * Evaluates a JavaScript expression in the page, waits for the promise it returns (if any) and
     * returns its value as JSON: a {@code JsonObject}, {@code JsonArray}, {@code String}, number,
     * boolean or null. A thrown error or a rejected promise becomes an {@link AssertionError}.
     */
    Object evaluate(String expression) {
        JsonObject result = send("Runtime.evaluate", new JsonObject()
                .put("expression", expression)
                .put("awaitPromise", true)
                .put("returnByValue", true));
        JsonObject exception = result.getJsonObject("exceptionDetails");
        if (exception != null) {
            JsonObject thrown = exception.getJsonObject("exception", new JsonObject());
            Object reason = thrown.getValue("description", thrown.getValue("value", exception.getString("text")));
            throw new AssertionError("in the browser, " + expression + " failed: " + reason);
        }
        return result.getJsonObject("result").getValue("value");
    }

    /** Kills the browser and every process it started, then deletes its profile. */
    @Override
    public void close() {
        WebSocket socket = devTools;
        if (socket != null) {
            socket.close();
        }
        client.close();
        // The profile is thrown away, so nothing needs a graceful shutdown: kill the whole tree, the
        // browser first so that it starts no new helpers. Only the browser is waited for; the
        // helpers are not our children, and once killed they write nothing, even while they wait
        // to be reaped.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroyForcibly();
        helpers.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                System.err.println("Chromium (pid " + process.pid() + ") outlived its kill");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(workDir);
    }

    // Chromium writes the port it picked to the profile once DevTools listens: port, then path.
    private int devToolsPort(Path profile) throws IOException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with code " + process.exitValue() + " before "
                        + "opening DevTools:\n" + logTail());
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            sleep(Duration.ofMillis(25));
        }
        throw new IllegalStateException("Chromium wrote no " + portFile + " within " + timeout + ":\n" + logTail());
    }

    private String newPage(int port) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .timeout(timeout)
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(timeout).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening a page", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("DevTools refused to open a page: " + response.statusCode() + " "
                    + response.body());
        }
        return new JsonObject(response.body()).getString("webSocketDebuggerUrl");
    }

    private void connect(String webSocketUrl) {
        URI uri = URI.create(webSocketUrl);
        // Chromium refuses DevTools connections that carry an Origin header it was not told to allow.
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(uri.getHost())
                .setPort(uri.getPort())
                .setURI(uri.getRawPath())
                .setAllowOriginHeader(false)
                .setTimeout(timeout.toMillis());
        WebSocket socket = await(client.connect(options), "the DevTools connection");
        socket.textMessageHandler(text -> receive(new JsonObject(text)));
        socket.closeHandler(ignored -> {
            IllegalStateException closed = new IllegalStateException("the DevTools connection closed");
            replies.values().forEach(reply -> reply.tryFail(closed));
            awaitedEvents.values().forEach(event -> event.tryFail(closed));
        });
        devTools = socket;
    }

    private void receive(JsonObject message) {
        Integer id = message.getInteger("id");
        if (id != null) {
            Promise<JsonObject> reply = replies.remove(id);
            if (reply == null) {
                return;
            }
            JsonObject error = message.getJsonObject("error");
            if (error != null) {
                reply.tryFail(new IllegalStateException("DevTools error " + error.encode()));
            } else {
                reply.tryComplete(message.getJsonObject("result", new JsonObject()));
            }
            return;
        }
        Promise<JsonObject> awaited = awaitedEvents.remove(message.getString("method", ""));
        if (awaited != null) {
            awaited.tryComplete(message.getJsonObject("params", new JsonObject()));
        }
    }

    private JsonObject send(String method, JsonObject params) {
        int id = nextId.incrementAndGet();
        Promise<JsonObject> reply = Promise.promise();
        replies.put(id, reply);
        devTools.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode())
                .onFailure(reply::tryFail);
        try {
            return await(reply.future(), method);
        } finally {
            replies.remove(id);
        }
    }

    private <T> T await(Future<T> future, String what) {
        try {
            return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Chromium gave no answer for " + what + " within " + timeout);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("chromium.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Chromium", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete Chromium's profile " + dir + ": " + e);
        }
    }
}
