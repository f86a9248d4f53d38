package dev.herald.transport;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;

/**
 * The wire a {@link dev.herald.core.Subscriber} writes into: SSE, WebSocket or long-poll.
 *
 * <p>Threading: every method is called on the connection's event loop only.
 * Implementations encode nothing per subscriber: they write the bytes cached in {@link EncodedUpdate}.
 */
public interface Transport {

    /** Queues one update for the client. Never blocks. */
    void write(EncodedUpdate update);

    /** Sends a keep-alive that the client can ignore (an SSE comment, a WebSocket ping). */
    void heartbeat();

    /** Ends the connection, telling the client why where the wire allows it. Idempotent. */
    void close(CloseReason reason);

    /**
     * False once the outbound queue is past its bound: the subscriber is then closed as a slow
     * consumer rather than buffered without limit.
     */
    boolean writable();

    /** Runs {@code action} once the outbound queue has drained below its bound (paces history replay). */
    void whenWritable(Runnable action);
}
