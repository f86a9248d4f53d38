package dev.herald.transport.ws;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wheel and the heartbeat on it, with the tick driven by hand: no clock, no event loop. */
class TimerWheelTest {
    private final List<Boolean> running = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    private TimerWheel wheel(int horizonTicks) {
        return new TimerWheel(10, Duration.ofMillis(10L * horizonTicks), running::add);
    }

    private Recorder recorder(String name) {
        return new Recorder(name);
    }

    private final class Recorder extends TimerWheel.Entry {
        private final String name;
        private Runnable then = () -> { };

        Recorder(String name) {
            this.name = name;
        }

        @Override
        void due() {
            calls.add(name);
            then.run();
        }
    }

    /** Pings every 8 ticks, gives up 3 ticks after an unanswered one. */
    private WsHeartbeat heartbeat(TimerWheel wheel) {
        return new WsHeartbeat(wheel, Duration.ofMillis(80), Duration.ofMillis(30),
                () -> calls.add("ping"), () -> calls.add("timeout"));
    }

    private static void tick(TimerWheel wheel, int times) {
        for (int i = 0; i < times; i++) {
            wheel.tick();
        }
    }

    @Test
    void anEntryIsCalledOnItsTickAndNotBefore() {
        TimerWheel wheel = wheel(8);
        wheel.schedule(recorder("a"), 3);
        tick(wheel, 2);
        assertEquals(List.of(), calls);
        tick(wheel, 1);
        assertEquals(List.of("a"), calls);
        tick(wheel, 20);
        assertEquals(List.of("a"), calls, "called once only");
    }

    @Test
    void delaysAreRoundedUpToWholeTicks() {
        TimerWheel wheel = wheel(8);
        assertEquals(1, wheel.ticks(Duration.ZERO));
        assertEquals(1, wheel.ticks(Duration.ofMillis(10)));
        assertEquals(2, wheel.ticks(Duration.ofMillis(11)));
    }

    @Test
    void anEntryBeyondOneTurnWaitsForItsRound() {
        TimerWheel wheel = wheel(3);
        wheel.schedule(recorder("far"), 10);
        tick(wheel, 9);
        assertEquals(List.of(), calls);
        tick(wheel, 1);
        assertEquals(List.of("far"), calls);
    }

    @Test
    void aCancelledEntryIsNotCalledAndTheTickRunsOnlyWhileSomethingWaits() {
        TimerWheel wheel = wheel(8);
        Recorder a = recorder("a");
        Recorder b = recorder("b");
        wheel.schedule(a, 2);
        wheel.schedule(b, 2);
        assertEquals(List.of(true), running);
        wheel.cancel(a);
        assertEquals(1, wheel.size());
        tick(wheel, 2);
        assertEquals(List.of("b"), calls);
        assertEquals(0, wheel.size());
        assertEquals(List.of(true, false), running);
    }

    @Test
    void schedulingAgainReplacesTheEarlierSchedule() {
        TimerWheel wheel = wheel(8);
        Recorder a = recorder("a");
        wheel.schedule(a, 2);
        wheel.schedule(a, 5);
        assertEquals(1, wheel.size());
        tick(wheel, 4);
        assertEquals(List.of(), calls);
        tick(wheel, 1);
        assertEquals(List.of("a"), calls);
    }

    @Test
    void anEntryCancelledByAnotherOnTheSameTickIsNotCalled() {
        TimerWheel wheel = wheel(8);
        Recorder first = recorder("first");
        Recorder second = recorder("second");
        Recorder third = recorder("third");
        // Linked newest first: third, second, first; third cancels second, second's turn never comes.
        third.then = () -> wheel.cancel(second);
        wheel.schedule(first, 1);
        wheel.schedule(second, 1);
        wheel.schedule(third, 1);
        tick(wheel, 1);
        assertEquals(List.of("third", "first"), calls);
        assertEquals(0, wheel.size());
    }

    @Test
    void anEntryMayScheduleItselfAgainFromItsCall() {
        TimerWheel wheel = wheel(4);
        Recorder again = recorder("again");
        again.then = () -> wheel.schedule(again, 4);
        wheel.schedule(again, 4);
        tick(wheel, 12);
        assertEquals(List.of("again", "again", "again"), calls);
        assertTrue(again.scheduled());
    }

    @Test
    void theHeartbeatPingsWithinTheFirstIntervalThenEveryInterval() {
        TimerWheel wheel = wheel(16);
        WsHeartbeat heartbeat = heartbeat(wheel);
        heartbeat.start();
        int first = 0;
        while (calls.isEmpty()) {
            wheel.tick();
            first++;
        }
        assertTrue(first >= 1 && first <= 8, "first ping after " + first + " ticks");
        for (int round = 0; round < 3; round++) {
            heartbeat.alive();
            tick(wheel, 7);
            assertEquals(round + 1, calls.size(), "pinged early: " + calls);
            tick(wheel, 1);
            assertEquals("ping", calls.get(calls.size() - 1));
        }
        assertFalse(calls.contains("timeout"));
    }

    @Test
    void theHeartbeatTimesOutASilentPeerOnceAndStops() {
        TimerWheel wheel = wheel(16);
        WsHeartbeat heartbeat = heartbeat(wheel);
        heartbeat.start();
        while (calls.isEmpty()) {
            wheel.tick();
        }
        tick(wheel, 3); // 30 ms is three ticks, counted from the tick after the ping
        assertEquals(List.of("ping"), calls);
        tick(wheel, 1);
        assertEquals(List.of("ping", "timeout"), calls);
        assertEquals(0, wheel.size());
        tick(wheel, 40);
        assertEquals(List.of("ping", "timeout"), calls);
    }

    @Test
    void aStoppedHeartbeatLeavesTheWheel() {
        TimerWheel wheel = wheel(16);
        WsHeartbeat heartbeat = heartbeat(wheel);
        heartbeat.start();
        heartbeat.stop();
        assertEquals(0, wheel.size());
        tick(wheel, 40);
        assertEquals(List.of(), calls);
    }
}
