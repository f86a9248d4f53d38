package dev.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Sentinel watching one {@link RedisServer} as master {@code mymaster}, on a free
 * port of 127.0.0.1: the same binary run with {@code --sentinel}.
 */
public final class RedisSentinel implements AutoCloseable {
    public static final String MASTER_NAME = "mymaster";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private RedisSentinel(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a Sentinel for {@code master} and waits until it knows the master's address. */
    public static RedisSentinel watching(RedisServer master) {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("herald-sentinel-");
            Path config = dir.resolve("sentinel.conf");
            // Sentinel rewrites its own configuration file, so it gets one of its own.
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 5000",
                    ""));
            Process process = new ProcessBuilder(List.of(master.binary().toString(), config.toString(), "--sentinel"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel.log").toFile()))
                    .start();
            RedisSentinel sentinel = new RedisSentinel(process, port);
            sentinel.awaitMaster(master.port());
            return sentinel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitMaster(int masterPort) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Object address = Resp.command(port, "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
                if (address instanceof List<?> hostAndPort && hostAndPort.size() == 2
                        && String.valueOf(masterPort).equals(String.valueOf(hostAndPort.get(1)))) {
                    return;
                }
            } catch (IOException | Resp.ErrorReply notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the Sentinel did not report its master within " + START_TIMEOUT);
    }

    /** {@code 127.0.0.1:PORT}, for {@code --redis-sentinels}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
