package dev.herald.hardening;

import dev.herald.testing.Probe;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.herald.hardening.RawWebSocket.BINARY;
import static dev.herald.hardening.RawWebSocket.CLOSE;
import static dev.herald.hardening.RawWebSocket.CONTINUATION;
import static dev.herald.hardening.RawWebSocket.PING;
import static dev.herald.hardening.RawWebSocket.TEXT;
import static dev.herald.hardening.RawWebSocket.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames that break RFC 6455 get a close frame with the code that names the fault, then the hub
 * ends the TCP connection; and a connection the hub closed stays closed, whatever its client sends
 * after the close.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class WebSocketProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int CONNECTIONS = 100;
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void invalidUtf8InATextFrameClosesWith1007() throws IOException {
        assertFailsWith(1007, "invalid_utf8", frame(TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
        // A surrogate encoded in UTF-8 (CESU) is not UTF-8 either.
        assertFailsWith(1007, "invalid_utf8", frame(TEXT, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsClosesWith1007() throws IOException {
        assertFailsWith(1007, "invalid_utf8",
                frame(false, 0, TEXT, "{\"type\":\"ping\",\"ref\":\"".getBytes(StandardCharsets.UTF_8), true),
                frame(false, 0, CONTINUATION, new byte[] {(byte) 0xE2, (byte) 0x82}, true),
                frame(true, 0, CONTINUATION, new byte[] {'(', '"', '}'}, true));
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsFine() throws IOException {
        try (RawWebSocket client = subscribed()) {
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
            client.write(frame(false, 0, TEXT, "{\"type\":\"ping\",\"ref\":\"".getBytes(StandardCharsets.UTF_8), true));
            client.write(frame(false, 0, CONTINUATION, new byte[] {euro[0]}, true));
            client.write(frame(true, 0, CONTINUATION, new byte[] {euro[1], euro[2], '"', '}'}, true));
            assertEquals("{\"type\":\"pong\",\"ref\":\"€\"}", client.nextText(WAIT));
        }
    }

    @Test
    void reservedBitsCloseWith1002() throws IOException {
        assertFailsWith(1002, "protocol_error", frame(true, 4, TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws IOException {
        assertFailsWith(1002, "protocol_error", frame(true, 0, TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), false));
    }

    @Test
    void anUnknownOpcodeClosesWith1002() throws IOException {
        assertFailsWith(1002, "protocol_error", frame(true, 0, 0x3, new byte[] {1}, true));
        assertFailsWith(1002, "protocol_error", frame(true, 0, 0xB, new byte[0], true));
    }

    @Test
    void brokenControlFramesCloseWith1002() throws IOException {
        assertFailsWith(1002, "protocol_error", frame(false, 0, PING, new byte[] {1}, true));
        assertFailsWith(1002, "protocol_error", frame(true, 0, PING, new byte[126], true));
        assertFailsWith(1002, "protocol_error", frame(true, 0, CLOSE, new byte[] {3}, true));
    }

    @Test
    void brokenFragmentationClosesWith1002() throws IOException {
        assertFailsWith(1002, "protocol_error", frame(true, 0, CONTINUATION, new byte[] {'x'}, true));
        assertFailsWith(1002, "protocol_error",
                frame(false, 0, TEXT, new byte[] {'{'}, true),
                frame(true, 0, BINARY, new byte[] {'}'}, true));
    }

    @Test
    void aFrameOverTheHardLimitClosesWith1009WithoutBeingRead() throws IOException {
        // Only the header: a 2 MiB length is refused before a byte of it arrives.
        byte[] header = {(byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0x20, 0, 0, 1, 2, 3, 4};
        assertFailsWith(1009, "message_too_big", header);
    }

    @Test
    void aMessageOverTheHardLimitClosesWith1009EvenInSmallFragments() throws IOException {
        byte[] fragment = new byte[600 * 1024];
        java.util.Arrays.fill(fragment, (byte) 'a');
        assertFailsWith(1009, "message_too_big",
                frame(false, 0, TEXT, fragment, true),
                frame(true, 0, CONTINUATION, fragment, true));
    }

    @Test
    void lateCommandsAfterAnUnauthorizedCloseDoNotSubscribe() throws IOException {
        try (TestHub closing = TestHub.start("--pong-timeout", "300ms")) {
            List<RawWebSocket> clients = open(closing, null);
            assertLateCommandsLeaveNoSubscriber(closing, clients, 1008);
        }
    }

    @Test
    void lateCommandsAfterATokenExpiredCloseDoNotSubscribe() throws IOException {
        try (TestHub closing = TestHub.start()) {
            String shortLived = closing.tokens().subscriber(List.of("*"), null, Instant.now().plusSeconds(2));
            List<RawWebSocket> clients = open(closing, shortLived);
            closing.awaitSubscriberCount(CONNECTIONS);
            assertLateCommandsLeaveNoSubscriber(closing, clients, 4001);
        }
    }

    @Test
    void lateCommandsAfterAHeartbeatTimeoutDoNotSubscribe() throws IOException {
        try (TestHub closing = TestHub.start("--ping-interval", "200ms", "--pong-timeout", "300ms")) {
            List<RawWebSocket> clients = open(closing, closing.tokens().subscriber("*"));
            // The first connections time out while the last still open: each shows it was
            // subscribed by its reply (after any application pings), not by a count of all at once.
            for (RawWebSocket client : clients) {
                String text = client.nextText(WAIT);
                while (text.equals("{\"type\":\"ping\"}")) {
                    text = client.nextText(WAIT);
                }
                assertTrue(text.contains("\"subscribed\""), text);
            }
            assertLateCommandsLeaveNoSubscriber(closing, clients, 4002);
        }
    }

    /** A connection on the shared hub, past its {@code subscribed} message: the session runs. */
    private static RawWebSocket subscribed() throws IOException {
        RawWebSocket client = RawWebSocket.open(hub.port(), "topic=a", null);
        String first = client.nextText(WAIT);
        assertTrue(first.contains("\"subscribed\""), first);
        return client;
    }

    /** Sends {@code frames} on a fresh connection: the hub answers with a close frame, then ends the connection. */
    private static void assertFailsWith(int code, String reason, byte[]... frames) throws IOException {
        try (RawWebSocket client = subscribed()) {
            for (byte[] frame : frames) {
                client.write(frame);
            }
            RawWebSocket.Frame close = client.awaitCloseFrame(WAIT);
            assertEquals(code, close.closeCode());
            assertEquals(reason, close.closeReason());
            assertTrue(client.awaitEnd(WAIT), "the hub kept the connection after failing it");
        }
        Probe.assertResponsive(hub);
    }

    private static List<RawWebSocket> open(TestHub target, String token) {
        List<RawWebSocket> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            clients.add(RawWebSocket.open(target.port(), "topic=a", token));
        }
        return clients;
    }

    /**
     * Every client waits for the hub's close frame with {@code code}, then sends a valid {@code auth},
     * a {@code subscribe} and its own close frame. The hub ends each connection once it has read
     * them all, in order; none of them may leave a subscriber behind.
     */
    private static void assertLateCommandsLeaveNoSubscriber(TestHub target, List<RawWebSocket> clients, int code)
            throws IOException {
        String token = target.tokens().subscriber("*");
        for (RawWebSocket client : clients) {
            assertEquals(code, client.awaitCloseFrame(WAIT).closeCode());
        }
        for (RawWebSocket client : clients) {
            try {
                client.sendText("{\"type\":\"auth\",\"ref\":\"late\",\"token\":\"" + token + "\"}");
                client.sendText("{\"type\":\"subscribe\",\"ref\":\"late\",\"topics\":[\"late\"]}");
                client.write(frame(CLOSE, new byte[] {0x03, (byte) 0xE8}));
            } catch (IOException endedAlready) {
                // The hub may end the connection right after its close frame: nothing late can arrive then.
            }
        }
        for (RawWebSocket client : clients) {
            assertTrue(client.awaitEnd(WAIT), "the hub kept a closed connection open");
            client.close();
        }
        target.awaitSubscriberCount(0);
        assertEquals(0, target.subscriberCount(), "a closed connection subscribed again");
    }
}
