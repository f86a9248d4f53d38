package dev.herald.deploy;

import dev.herald.testing.Http;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd unit's {@code ExecStart} command line, run for real once the jar is built: the same
 * JVM flags and arguments, with the built {@code hub/target/herald.jar} for
 * {@code /opt/herald/herald.jar} and the example configuration for {@code /etc/herald/herald.yaml};
 * secrets come from the environment, as the unit's {@code EnvironmentFile} gives them. It starts,
 * serves, and stops cleanly on SIGTERM.
 */
class SystemdUnitIT {
    private static final Pattern EXEC_START = Pattern.compile("(?m)^ExecStart=(.+)$");
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");

    @Test
    void theExecStartCommandLineStartsHeraldAndSigtermStopsIt() throws Exception {
        Matcher exec = EXEC_START.matcher(DeployFiles.read("systemd/herald.service"));
        assertTrue(exec.find(), "an ExecStart line");
        List<String> command = new ArrayList<>();
        List<String> words = Arrays.asList(exec.group(1).trim().split("\\s+"));
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("/usr/bin/java")) {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            } else if (word.equals("/opt/herald/herald.jar")) {
                Path jar = Path.of("target", "herald.jar").toAbsolutePath();
                assertTrue(java.nio.file.Files.isRegularFile(jar), "the packaged jar " + jar);
                command.add(jar.toString());
            } else if (word.equals("/etc/herald/herald.yaml")) {
                command.add(DeployFiles.dir().resolve("../config/herald.yaml").normalize().toString());
            } else {
                command.add(word);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HERALD_PUBLISHER_JWT_KEY", TestHub.KEY);
        builder.environment().put("HERALD_SUBSCRIBER_JWT_KEY", TestHub.KEY);
        builder.environment().put("HERALD_LISTEN", "127.0.0.1:0");
        builder.environment().put("HERALD_DRAIN_WINDOW", "200ms");
        Process herald = builder.start();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(herald.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        output.add(line);
                        Matcher listening = LISTENING.matcher(line);
                        if (listening.find()) {
                            port.complete(Integer.parseInt(listening.group(1)));
                        }
                    }
                } catch (java.io.IOException ended) {
                    // the process is gone
                }
                port.completeExceptionally(new AssertionError("Herald did not start: " + output));
            });
            reader.setDaemon(true);
            reader.start();
            int listening = port.get(20, TimeUnit.SECONDS);
            assertEquals(200, Http.get("http://127.0.0.1:" + listening + "/healthz").status());

            herald.destroy(); // SIGTERM, as systemd's KillSignal
            assertTrue(herald.waitFor(20, TimeUnit.SECONDS), "stopped within TimeoutStopSec");
            assertEquals(0, herald.exitValue(), "a drained stop exits 0: " + output);
        } finally {
            herald.destroyForcibly();
        }
    }
}
