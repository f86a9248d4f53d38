package dev.herald.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server that a test starts, stops, kills and flushes, on a free port of 127.0.0.1 and
 * in a fresh directory. Every write is in its append-only file before Redis answers, so a server
 * stopped and started again (same port, same directory) has all its data back, as a restarted
 * production Redis with {@code appendfsync always} would.
 *
 * <p>The binary is {@code redis-server} on the PATH, or else the Linux build that the
 * embedded-redis jar ships. {@code -Dherald.test.redis=embedded} forces the latter.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.launch(); TestHub hub = TestHub.start("--redis-url", redis.url())) {
 *     redis.stop();  // an outage
 *     redis.start(); // back, with its data
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class RedisServer implements AutoCloseable {
    /** The binary inside the embedded-redis jar. */
    private static final String EMBEDDED_RESOURCE = "/redis-server-6.2.6-v5-linux-amd64";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static Path embeddedBinary;

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts the default binary (see the class comment) and waits until it answers PING. */
    public static RedisServer launch() {
        return launch(defaultBinary());
    }

    /** Starts {@code binary} on a free port in a fresh directory and waits until it answers PING. */
    public static RedisServer launch(Path binary) {
        try {
            RedisServer server = new RedisServer(binary, Files.createTempDirectory("herald-redis-"), freePort());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code redis-server} from the PATH unless {@code herald.test.redis=embedded}; else the embedded binary. */
    public static Path defaultBinary() {
        if (!"embedded".equals(System.getProperty("herald.test.redis"))) {
            String path = System.getenv().getOrDefault("PATH", "");
            for (String entry : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(entry.isEmpty() ? "." : entry, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return embeddedBinary();
    }

    /** The embedded-redis jar's Linux binary, copied once per JVM to an executable temp file. */
    public static synchronized Path embeddedBinary() {
        if (embeddedBinary == null) {
            try (InputStream in = RedisServer.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("no redis-server on the PATH and no " + EMBEDDED_RESOURCE
                            + " on the classpath (the embedded-redis test dependency)");
                }
                Path file = Files.createTempFile("herald-redis-server-", "");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                if (!file.toFile().setExecutable(true)) {
                    throw new IllegalStateException("cannot make " + file + " executable");
                }
                file.toFile().deleteOnExit();
                embeddedBinary = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return embeddedBinary;
    }

    /** {@code redis://127.0.0.1:PORT}, for {@code --redis-url}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path binary() {
        return binary;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the stopped (or killed) server again on the same port and directory; waits for PING. */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server is already running on " + port);
        }
        List<String> command = List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--logfile", "");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        awaitPong();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
            }
            try {
                if ("PONG".equals(Resp.command(port, "PING"))) {
                    return;
                }
            } catch (IOException | Resp.ErrorReply notYet) { // not listening yet, or still loading its data
                last = notYet;
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT + " (" + last
                + "): " + log());
    }

    /** Stops the server cleanly (SIGTERM: it syncs its append-only file) and waits for it to exit. */
    public void stop() {
        if (process != null) {
            process.destroy();
            awaitExit();
        }
    }

    /** Kills the server (SIGKILL) and waits for it to exit; every acknowledged write is on disk already. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Freezes the server (SIGSTOP): its connections stay open and nothing is answered, as with a
     * hung or unreachable host. {@link #thaw} lets it go on.
     */
    public void freeze() {
        Signals.send(process, "STOP");
    }

    /** Lets a frozen server go on (SIGCONT); it then serves what was sent to it meanwhile. */
    public void thaw() {
        Signals.send(process, "CONT");
    }

    /** Empties every database, as an operator's FLUSHALL would. */
    public void flushAll() {
        command("FLUSHALL");
    }

    /** Sends one command and returns its reply (see {@link Resp#command}). */
    public Object command(String... args) {
        try {
            return Resp.command(port, args);
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", args) + " on " + url() + " failed", e);
        }
    }

    /** What the server logged so far. */
    public String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
