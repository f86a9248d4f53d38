package dev.herald.loadtest.target;

/**
 * Where a subscription delivers what it receives. Called on the subscription's event loop;
 * implementations must tolerate calls from several loops for different subscriptions.
 */
public interface EventSink {

    /** One event; {@code id} is the server's event id, or null when the wire does not carry one. */
    void onEvent(String id, String data);

    /**
     * The server answered a long-poll for the first time: only now is the subscription known to
     * be in place (connecting says so for streams, not for a poll that waits for an update).
     */
    default void onFirstAnswer() {
    }

    /** The server or the network ended the subscription (not called after {@link Subscription#close()}). */
    void onLost(String reason);
}
