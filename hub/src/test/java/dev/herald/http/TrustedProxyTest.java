package dev.herald.http;

import dev.herald.config.ConfigException;
import dev.herald.testing.Await;
import dev.herald.testing.LogCapture;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behind a trusted proxy the client its header names is the publisher a publish without {@code sub}
 * is counted as, and the address the security log shows; a peer that is not trusted cannot choose
 * its address with a header. Tests connect from 127.0.0.1, so that is the proxy here.
 */
class TrustedProxyTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String ONE_PUBLISH_EACH = "--publish-rate-limit=1";

    private static int publishAs(TestHub hub, String header, String value) {
        return hub.publish().header(header, value).topic(TOPIC).data("x").send().status();
    }

    @Test
    void aTrustedProxysXForwardedForDecidesThePublisher() {
        try (TestHub hub = TestHub.start(ONE_PUBLISH_EACH, "--publish-burst=1", "--trusted-proxies", "10.0.0.0/8, 127.0.0.1",
                "--access-log");
             LogCapture log = LogCapture.of(SecurityLog.REFUSALS);
             LogCapture access = LogCapture.of(AccessLog.LOGGER)) {
            assertEquals(200, publishAs(hub, "X-Forwarded-For", "198.51.100.7"));
            assertEquals(429, publishAs(hub, "X-Forwarded-For", "198.51.100.7"));
            assertEquals(200, publishAs(hub, "X-Forwarded-For", "198.51.100.8"), "another client behind the proxy");
            assertEquals(429, publishAs(hub, "X-Forwarded-For", "198.51.100.8, 10.1.2.3"),
                    "the same client through a second trusted proxy");
            assertEquals(429, publishAs(hub, "Forwarded", "for=\"198.51.100.7:4711\""), "Forwarded names it too");
            assertEquals(200, publishAs(hub, "X-Forwarded-For", "not an address"),
                    "a malformed header leaves the proxy's own address, which has its own bucket");
            assertTrue(log.messages().stream().anyMatch(line -> line.startsWith("429 ")
                    && line.endsWith(" from 198.51.100.7")), "the security log names the client: " + log.messages());
            Await.until("an access line naming the client behind the proxy", Duration.ofSeconds(5),
                    () -> access.messages().stream().anyMatch(line -> line.startsWith("198.51.100.8 \"POST ")));
        }
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        try (TestHub hub = TestHub.start(ONE_PUBLISH_EACH, "--publish-burst=1", "--trusted-proxies", "10.0.0.0/8");
             LogCapture log = LogCapture.of(SecurityLog.REFUSALS)) {
            assertEquals(200, publishAs(hub, "X-Forwarded-For", "198.51.100.7"));
            assertEquals(429, publishAs(hub, "X-Forwarded-For", "198.51.100.8"), "both are 127.0.0.1");
            assertEquals(429, publishAs(hub, "Forwarded", "for=198.51.100.9"));
            assertTrue(log.messages().stream().anyMatch(line -> line.endsWith(" from 127.0.0.1")), log.messages().toString());
            assertTrue(log.messages().stream().noneMatch(line -> line.contains("198.51.100.")), log.messages().toString());
        }
    }

    @Test
    void aHubWithATrustedProxyThatIsNoAddressRefusesToStart() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TestHub.start("--trusted-proxies", "proxy.internal"));
        assertTrue(refused.getMessage().contains("trusted_proxies"), refused.getMessage());
    }
}
