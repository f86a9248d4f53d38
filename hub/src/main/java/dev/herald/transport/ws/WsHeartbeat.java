package dev.herald.transport.ws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps a WebSocket connection alive and detects a dead peer, for any protocol spoken over it:
 * every {@code interval} it sends a ping (the first one at a random point of the first interval,
 * so connections do not ping in lockstep) and expects some sign of life within {@code timeout}.
 * Both clocks run on the event loop's {@link TimerWheel}, so they are as precise as its tick: a
 * ping is within a tick of its time, a deadline never early and at most a tick late.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class WsHeartbeat extends TimerWheel.Entry {
    private static final long NONE = Long.MAX_VALUE;

    private final TimerWheel wheel;
    private final int intervalTicks;
    private final int timeoutTicks;
    private final Runnable sendPing;
    private final Runnable onTimeout;
    private long pingTick;
    private long deadlineTick = NONE;
    private boolean stopped;

    /**
     * @param sendPing  sends one ping in the protocol's own form
     * @param onTimeout closes the connection: nothing came back within {@code timeout} of a ping
     */
    WsHeartbeat(TimerWheel wheel, Duration interval, Duration timeout, Runnable sendPing, Runnable onTimeout) {
        this.wheel = wheel;
        this.intervalTicks = (int) wheel.ticks(interval);
        this.timeoutTicks = (int) wheel.ticks(timeout);
        this.sendPing = sendPing;
        this.onTimeout = onTimeout;
    }

    void start() {
        pingTick = wheel.now() + ThreadLocalRandom.current().nextLong(1, intervalTicks + 1);
        reschedule();
    }

    /**
     * Anything the peer sends proves it is alive: the pending deadline is lifted. The entry stays
     * where it is; if that was the deadline's tick, it then only waits on for the next ping.
     */
    void alive() {
        deadlineTick = NONE;
    }

    void stop() {
        stopped = true;
        wheel.cancel(this);
    }

    @Override
    void due() {
        if (stopped) {
            return;
        }
        long now = wheel.now();
        if (now >= deadlineTick) {
            stop();
            onTimeout.run();
            return;
        }
        if (now >= pingTick) {
            sendPing.run();
            if (stopped) {
                return; // the ping found the connection gone
            }
            if (deadlineTick == NONE) {
                // This tick began before the ping went out: one more, so the peer never gets less.
                deadlineTick = now + timeoutTicks + 1;
            }
            pingTick = now + intervalTicks;
        }
        reschedule();
    }

    private void reschedule() {
        wheel.schedule(this, Math.min(pingTick, deadlineTick) - wheel.now());
    }
}
