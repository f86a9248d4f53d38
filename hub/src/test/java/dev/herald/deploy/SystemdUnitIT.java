package dev.herald.deploy;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.Http;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    @Test
    void theExecStartCommandLineStartsHeraldAndSigtermStopsIt() {
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
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HERALD_PUBLISHER_JWT_KEY", TestHub.KEY);
        builder.environment().put("HERALD_SUBSCRIBER_JWT_KEY", TestHub.KEY);
        builder.environment().put("HERALD_LISTEN", "127.0.0.1:0");
        builder.environment().put("HERALD_DRAIN_WINDOW", "200ms");
        try (ForkedHub herald = ForkedHub.launch(builder)) {
            assertEquals(200, Http.get(herald.baseUrl() + "/healthz").status());
            // SIGTERM, as systemd's KillSignal.
            assertTrue(herald.terminate(Duration.ofSeconds(20)), "stopped within TimeoutStopSec");
            assertEquals(0, herald.exitValue(), "a drained stop exits 0: " + herald.output());
        }
    }
}
