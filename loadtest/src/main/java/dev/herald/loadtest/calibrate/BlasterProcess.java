package dev.herald.loadtest.calibrate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Blaster} in a process of its own (so that it can be pinned to other cores than the
 * generator with {@code taskset}), with the count of events it has written so far. Its output
 * is read by a daemon thread; the count is safe to read from any thread.
 */
public final class BlasterProcess implements AutoCloseable {

    private final Process process;
    private final URI url;
    private final AtomicLong written;

    private BlasterProcess(Process process, URI url, AtomicLong written) {
        this.process = process;
        this.url = url;
        this.written = written;
    }

    /**
     * Starts a blaster with this JVM and class path, on {@code cpus} ({@code taskset -c} list)
     * when given, and waits for its port.
     */
    public static BlasterProcess start(int payloadBytes, String cpus) throws IOException {
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Blaster.class.getName(), Integer.toString(payloadBytes)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        CompletableFuture<URI> listening = new CompletableFuture<>();
        AtomicLong written = new AtomicLong();
        Thread reader = new Thread(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.startsWith("listening ")) {
                        listening.complete(URI.create("http://127.0.0.1:" + line.substring(10).trim()));
                    } else if (line.startsWith("written ")) {
                        written.set(Long.parseLong(line.substring(8).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IOException("blaster exited before listening"));
        }, "blaster-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new BlasterProcess(process, listening.get(30, TimeUnit.SECONDS), written);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("blaster did not start: " + e.getMessage(), e);
        }
    }

    /** Tells the blaster to start writing to every subscriber, present and future. */
    public void go() throws IOException {
        process.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().flush();
    }

    /** Where subscribers connect: any Herald subscribe URL works. */
    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** Events written so far, as last reported (every {@value Blaster#REPORT_MILLIS} ms). */
    public long written() {
        return written.get();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
