package dev.herald.deploy;

import dev.herald.testing.Await;
import dev.herald.testing.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a plain foreground process on 127.0.0.1, running {@code deploy/nginx/herald.conf}
 * with the upstream addresses and the listen port rendered for this machine.
 */
final class Nginx implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts nginx with upstream node {@code i} (compose's {@code herald-<i+1>}) at {@code nodePorts[i]}. */
    static Nginx start(List<Integer> nodePorts) {
        try {
            Path dir = Files.createTempDirectory("herald-nginx");
            String site = DeployFiles.read("nginx/herald.conf");
            for (int i = 0; i < nodePorts.size(); i++) {
                site = replaceOnce(site, "server " + DeployFiles.NODES.get(i) + ":8080;", "server 127.0.0.1:" + nodePorts.get(i) + ";");
            }
            int port = freePort();
            site = replaceOnce(site, "listen 80;", "listen 127.0.0.1:" + port + ";");
            Files.writeString(dir.resolve("herald.conf"), site);
            Files.writeString(dir.resolve("nginx.conf"), """
                    daemon off;
                    master_process off;
                    pid %1$s/nginx.pid;
                    error_log stderr warn;
                    events { worker_connections 256; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        include %1$s/herald.conf;
                    }
                    """.formatted(dir));
            Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-e", "stderr")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.log").toFile())
                    .start();
            Nginx nginx = new Nginx(process, dir, port);
            try {
                Await.until("nginx answers /healthz through a node", Duration.ofSeconds(10), () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("nginx exited: " + nginx.log());
                    }
                    try {
                        return Http.get(nginx.baseUrl() + "/healthz").status() == 200;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
            } catch (RuntimeException | Error e) {
                nginx.close();
                throw e;
            }
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String hubUrl() {
        return baseUrl() + "/.well-known/mercure";
    }

    String log() {
        try {
            return Files.readString(dir.resolve("nginx.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory harms nothing
        }
    }

    /** Fails when the deploy config no longer holds {@code text}: the rendering would silently miss it. */
    private static String replaceOnce(String config, String text, String replacement) {
        if (!config.contains(text)) {
            throw new AssertionError("nginx/herald.conf no longer contains " + text);
        }
        return config.replace(text, replacement);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
