package dev.herald.hardening;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket clients that send as fast as they can and never read what the hub answers: ping frames
 * (each answered by a pong) and {@code unsubscribe} commands (each answered by a reply or an error).
 * Whatever the hub queues for such a client counts against its {@code max_queue_bytes}: the hub
 * stops reading it, closes it, and keeps serving everyone else within a 256 MiB heap.
 */
@Timeout(value = 50, unit = TimeUnit.SECONDS)
class WebSocketFloodTest {
    private static final Duration ATTACK = Duration.ofSeconds(10);
    private static final int ATTACKERS = 4;
    /** Each ping carries the largest payload a pong must echo. */
    private static final byte[] PINGS = RawWebSocket.repeated(RawWebSocket.frame(RawWebSocket.PING, new byte[125]), 64 * 1024);
    private static final byte[] UNSUBSCRIBES = RawWebSocket.repeated(
            RawWebSocket.textFrame("{\"type\":\"unsubscribe\",\"topics\":[\"x\"]}"), 64 * 1024);

    @Test
    void pingFramesFromUnauthenticatedClientsCannotExhaustTheHeap() {
        try (ForkedHub hub = ForkedHub.start("256m", "--pong-timeout", "2s")) {
            attack(hub, connect(hub, null), PINGS);
        }
    }

    @Test
    void pingFramesFromAuthenticatedClientsCannotExhaustTheHeap() {
        try (ForkedHub hub = ForkedHub.start("256m", "--pong-timeout", "2s")) {
            attack(hub, connect(hub, hub.tokens().subscriber("*")), PINGS);
        }
    }

    @Test
    void unsubscribeCommandsFromUnauthenticatedClientsCannotExhaustTheHeap() {
        try (ForkedHub hub = ForkedHub.start("256m", "--pong-timeout", "2s")) {
            attack(hub, connect(hub, null), UNSUBSCRIBES);
        }
    }

    /** Each reply to an unsubscribe once listed every remaining selector: 60 KB for a 40-byte command. */
    @Test
    void unsubscribeRepliesDoNotAmplifyALargeSubscription() throws IOException {
        try (ForkedHub hub = ForkedHub.start("256m", "--pong-timeout", "2s")) {
            List<RawWebSocket> attackers = connect(hub, hub.tokens().subscriber("*"));
            for (RawWebSocket attacker : attackers) {
                StringBuilder topics = new StringBuilder();
                for (int i = 0; i < 30; i++) {
                    topics.append(i == 0 ? "" : ",").append("\"https://example.com/").append(i).append('/')
                            .append("a".repeat(1_970)).append('"');
                }
                attacker.sendText("{\"type\":\"subscribe\",\"ref\":\"big\",\"topics\":[" + topics + "]}");
                String reply;
                do {
                    reply = attacker.nextText(Duration.ofSeconds(5));
                } while (!reply.contains("\"ref\":\"big\""));
                assertTrue(reply.contains("\"type\":\"subscribed\""), reply);
            }
            attack(hub, attackers, UNSUBSCRIBES);
        }
    }

    private static List<RawWebSocket> connect(ForkedHub hub, String token) {
        List<RawWebSocket> attackers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            attackers.add(RawWebSocket.open(hub.port(), "topic=a", token, 4096));
        }
        return attackers;
    }

    /**
     * Every attacker writes {@code block} over and over without reading, until the hub drops it or
     * {@link #ATTACK} passes; the hub must answer the probe meanwhile, close every attacker, and live.
     */
    private static void attack(ForkedHub hub, List<RawWebSocket> attackers, byte[] block) {
        long deadline = System.nanoTime() + ATTACK.toNanos();
        List<Thread> floods = new ArrayList<>();
        for (RawWebSocket attacker : attackers) {
            Thread flood = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        attacker.write(block);
                    }
                } catch (IOException droppedByTheHub) {
                    // what the hub should do
                }
            }, "websocket-flood");
            flood.setDaemon(true);
            flood.start();
            floods.add(flood);
        }
        try {
            while (floods.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
                Probe.assertResponsive(hub);
                Thread.sleep(250);
            }
            for (Thread flood : floods) {
                flood.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 1_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertTrue(hub.isAlive(), "the hub died under the flood: " + hub.output());
        int stillOpen = 0;
        for (RawWebSocket attacker : attackers) {
            stillOpen += attacker.awaitEnd(Duration.ofSeconds(8)) ? 0 : 1;
            attacker.close();
        }
        assertEquals(0, stillOpen, "attackers the hub left connected");
        Probe.assertResponsive(hub);
        assertTrue(hub.isAlive(), "the hub died under the flood: " + hub.output());
    }
}
