package dev.herald.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Herald in a JVM of its own, for attacks where memory matters: it runs with a small heap
 * and exits on {@code OutOfMemoryError}, so a test sees a crash as a dead process instead of a
 * sick test JVM. Same key and defaults as {@link TestHub}; extra flags override them.
 *
 * <pre>{@code
 * try (ForkedHub hub = ForkedHub.start("256m", "--anonymous")) {
 *     ... attack hub.baseUrl() ...
 *     Probe.assertResponsive(hub);
 * }
 * }</pre>
 */
public final class ForkedHub implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");

    private final Process process;
    private final int port;
    private final List<String> output;

    private ForkedHub(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts Herald with {@code -Xmx<maxHeap>} and waits until it listens. */
    public static ForkedHub start(String maxHeap, String... extraArgs) {
        return start(maxHeap, 0, extraArgs);
    }

    /**
     * Starts Herald with {@code -Xmx<maxHeap>} and an open-files limit of {@code openFilesLimit}
     * descriptors ({@code ulimit -n}; 0 keeps the inherited one), and waits until it listens.
     */
    public static ForkedHub start(String maxHeap, int openFilesLimit, String... extraArgs) {
        List<String> command = new ArrayList<>();
        if (openFilesLimit > 0) {
            // exec keeps the process id, so close() still signals Herald itself.
            command.addAll(List.of("bash", "-c", "ulimit -n " + openFilesLimit + " && exec \"$0\" \"$@\""));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                "dev.herald.Herald",
                "--listen", "127.0.0.1:0", "--event-loops", "2",
                "--publisher-jwt-key", TestHub.KEY, "--subscriber-jwt-key", TestHub.KEY));
        command.addAll(List.of(extraArgs));
        return launch(new ProcessBuilder(command));
    }

    /**
     * Starts Herald as {@code builder} describes it (any command line that runs Herald, e.g. a
     * deployment's) and waits until it listens.
     */
    public static ForkedHub launch(ProcessBuilder builder) {
        Process process;
        try {
            process = builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + builder.command(), e);
        }
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(Integer.parseInt(listening.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("herald exited before listening: " + output));
        }, "forked-herald-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ForkedHub(process, port.get(30, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("herald did not start: " + output, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and waits up to {@code wait} for the process to end; true when it did. */
    public boolean terminate(java.time.Duration wait) {
        process.destroy();
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exit status of the ended process. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Freezes the process (SIGSTOP): it holds its connections and does nothing until {@link #thaw}. */
    public void freeze() {
        Signals.send(process, "STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    public void thaw() {
        Signals.send(process, "CONT");
    }

    /** Kills the process (SIGKILL), as a crash or a lost machine would end it, and waits for it to end. */
    public void kill() {
        try {
            if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("herald survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A subscription to this hub: topics, Last-Event-ID, headers. */
    public SseClient.Builder subscriber() {
        return SseClient.to(hubUrl());
    }

    /** Everything the hub printed so far (stdout and stderr). */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String hubUrl() {
        return baseUrl() + "/.well-known/mercure";
    }

    public Tokens tokens() {
        return Tokens.hmac(TestHub.KEY);
    }

    /** A publish signed with a token that may publish to every topic. */
    public Publisher publish() {
        return Publisher.to(hubUrl()).token(tokens().publisher("*"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
