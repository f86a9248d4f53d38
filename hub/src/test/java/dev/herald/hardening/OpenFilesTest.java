package dev.herald.hardening;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.Probe;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A hub out of file descriptors ({@code EMFILE}) cannot accept; once descriptors free up it must
 * accept again, and SIGTERM must still stop it. The hub runs with an open-files limit of 256 and
 * no connection cap, and idle connections take every descriptor it has.
 */
class OpenFilesTest {
    private static final int OPEN_FILES = 256;

    @Test
    void aHubOutOfDescriptorsAcceptsAgainOnceTheyFreeUpAndStopsOnSigterm() throws IOException, InterruptedException {
        ForkedHub hub = ForkedHub.start("256m", OPEN_FILES, "--anonymous",
                "--max-connections", "100000", "--max-connections-per-ip", "0");
        try {
            Probe.assertResponsive(hub);
            List<Socket> idle = new ArrayList<>();
            try {
                // The kernel completes connections the hub cannot accept: they wait in its backlog.
                for (int i = 0; i < OPEN_FILES + 50; i++) {
                    idle.add(new Socket("127.0.0.1", hub.port()));
                }
                awaitOutput(hub, "Too many open files", Duration.ofSeconds(15));
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
            awaitResponsive(hub, Duration.ofSeconds(15));
            assertTrue(hub.terminate(Duration.ofSeconds(15)), "SIGTERM did not stop the hub: " + tail(hub));
        } finally {
            hub.close();
        }
    }

    private static void awaitOutput(ForkedHub hub, String text, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (hub.output().stream().noneMatch(line -> line.contains(text))) {
            if (System.nanoTime() > deadline) {
                fail("the hub never ran out of descriptors: " + tail(hub));
            }
            Thread.sleep(50); // another process's output: poll it
        }
    }

    /** Probes until the hub answers; it backs off a second after each failed accept. */
    private static void awaitResponsive(ForkedHub hub, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                Probe.assertResponsive(hub);
                return;
            } catch (AssertionFailedError stillStuck) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionFailedError("no longer accepting after descriptors freed up: " + tail(hub), stillStuck);
                }
            }
        }
    }

    private static String tail(ForkedHub hub) {
        List<String> output = hub.output();
        return String.join("\n", output.subList(Math.max(0, output.size() - 15), output.size()));
    }
}
