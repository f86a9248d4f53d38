package dev.herald.transport.ws;

import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Where a WebSocket connection stands with authentication: waiting for a token (with a deadline),
 * authenticated, or closed. After close every command is ignored, so a late {@code auth} or
 * {@code subscribe} can never bring a closed subscriber back.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class WsAuthState {
    private enum Phase { AWAITING_TOKEN, AUTHENTICATED, CLOSED }

    private final Vertx vertx;
    private Phase phase;
    private long deadlineTimer = -1;

    private WsAuthState(Vertx vertx, Phase phase) {
        this.vertx = vertx;
        this.phase = phase;
    }

    /** The upgrade carried an acceptable token (or the hub allows anonymous subscribers). */
    static WsAuthState authenticated(Vertx vertx) {
        return new WsAuthState(vertx, Phase.AUTHENTICATED);
    }

    /** No token yet: {@code onTimeout} runs unless one is accepted within {@code deadline}. */
    static WsAuthState awaitingToken(Vertx vertx, Duration deadline, Runnable onTimeout) {
        WsAuthState state = new WsAuthState(vertx, Phase.AWAITING_TOKEN);
        state.deadlineTimer = vertx.setTimer(deadline.toMillis(), ignored -> {
            state.deadlineTimer = -1;
            onTimeout.run();
        });
        return state;
    }

    boolean isAuthenticated() {
        return phase == Phase.AUTHENTICATED;
    }

    boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    /**
     * Records that a token was accepted.
     *
     * @return true when this was the connection's first token, so its subscription can start
     */
    boolean accept() {
        boolean first = phase == Phase.AWAITING_TOKEN;
        cancelDeadline();
        phase = Phase.AUTHENTICATED;
        return first;
    }

    void close() {
        cancelDeadline();
        phase = Phase.CLOSED;
    }

    private void cancelDeadline() {
        if (deadlineTimer >= 0) {
            vertx.cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
    }
}
