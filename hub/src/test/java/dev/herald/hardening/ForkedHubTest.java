package dev.herald.hardening;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.Probe;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hardening suite's instrument: a hub in its own small-heap JVM answers the probe, and stops. */
class ForkedHubTest {

    @Test
    void aForkedHubAnswersTheProbeAndStops() {
        ForkedHub hub = ForkedHub.start("256m", "--anonymous");
        try {
            Probe.assertResponsive(hub);
            assertTrue(hub.isAlive());
        } finally {
            hub.close();
        }
        assertFalse(hub.isAlive());
    }
}
