package dev.herald.transport.ws;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps a WebSocket connection alive and detects a dead peer, for any protocol spoken over it:
 * every {@code interval} it sends a ping (the first one at a random point of the first interval,
 * so connections do not ping in lockstep) and expects some sign of life within {@code timeout}.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class WsHeartbeat {
    private final Vertx vertx;
    private final Duration interval;
    private final Duration timeout;
    private final Runnable sendPing;
    private final Runnable onTimeout;
    private long pingTimer = -1;
    private long deadlineTimer = -1;
    private boolean stopped;

    /**
     * @param sendPing  sends one ping in the protocol's own form
     * @param onTimeout closes the connection: nothing came back within {@code timeout} of a ping
     */
    WsHeartbeat(Vertx vertx, Duration interval, Duration timeout, Runnable sendPing, Runnable onTimeout) {
        this.vertx = vertx;
        this.interval = interval;
        this.timeout = timeout;
        this.sendPing = sendPing;
        this.onTimeout = onTimeout;
    }

    void start() {
        schedulePing(ThreadLocalRandom.current().nextLong(1, interval.toMillis() + 1));
    }

    /** Anything the peer sends proves it is alive: the pending deadline is lifted. */
    void alive() {
        if (deadlineTimer >= 0) {
            vertx.cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(pingTimer);
        alive();
    }

    private void schedulePing(long delayMillis) {
        pingTimer = vertx.setTimer(delayMillis, ignored -> {
            if (stopped) {
                return;
            }
            sendPing.run();
            if (deadlineTimer < 0) {
                deadlineTimer = vertx.setTimer(timeout.toMillis(), expired -> {
                    deadlineTimer = -1;
                    onTimeout.run();
                });
            }
            schedulePing(interval.toMillis());
        });
    }
}
