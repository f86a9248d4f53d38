package dev.herald.loadtest.target;

import java.nio.charset.StandardCharsets;

/**
 * Where a subscription delivers what it receives. Called on the subscription's event loop;
 * implementations must tolerate calls from several loops for different subscriptions.
 */
public interface EventSink {

    /**
     * One event, as bytes the reader owns and reuses: they are valid only during the call.
     * Its data is {@code data[dataFrom, dataTo)}; its id, the server's event id, is
     * {@code id[idFrom, idTo)}, or {@code id} is null when the wire carries none.
     */
    void onEvent(byte[] id, int idFrom, int idTo, byte[] data, int dataFrom, int dataTo);

    /** The same for readers that hold text (long-poll, Socket.IO); off the fast path. */
    default void onEvent(String id, String data) {
        byte[] idBytes = id == null ? null : id.getBytes(StandardCharsets.UTF_8);
        byte[] dataBytes = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
        onEvent(idBytes, 0, idBytes == null ? 0 : idBytes.length, dataBytes, 0, dataBytes.length);
    }

    /**
     * The server answered a long-poll for the first time: only now is the subscription known to
     * be in place (connecting says so for streams, not for a poll that waits for an update).
     */
    default void onFirstAnswer() {
    }

    /** The server or the network ended the subscription (not called after {@link Subscription#close()}). */
    void onLost(String reason);
}
