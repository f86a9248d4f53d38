package dev.herald.subscription;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;

/**
 * The wire a {@link Subscriber} writes into: SSE, WebSocket or long-poll. A transport frames bytes
 * and reports writability; what to send, in which order and when to give up on a slow client is
 * decided by the subscriber and its registry.
 *
 * <p>Writes are two-step, as in Netty: {@link #write} hands over an update, which the transport may
 * hold to merge with the next ones; {@link #flush} sends everything held. Several updates for one
 * connection in one dispatch batch then cost one socket write. {@link #writable()} speaks of the
 * bytes really queued for the socket, so callers check it after a flush.
 *
 * <p>Threading: every method is called on the connection's event loop only. Implementations encode
 * nothing per subscriber: they write the bytes cached in {@link EncodedUpdate}.
 */
public interface Transport {

    /** Hands over one update; its bytes may be held until {@link #flush}. Never blocks. */
    void write(EncodedUpdate update);

    /** Sends everything written since the last flush. */
    void flush();

    /** Sends a keep-alive that the client can ignore (an SSE comment), at once. */
    void heartbeat();

    /** Ends the connection, telling the client why where the wire allows it. Idempotent. */
    void close(CloseReason reason);

    /**
     * False while the bytes queued for the socket are past the connection's bound: a replay then
     * waits for {@link #whenWritable}, and live delivery closes the subscriber as a slow consumer.
     */
    boolean writable();

    /** Runs {@code action} once, the next time the outbound queue drains below its bound. */
    void whenWritable(Runnable action);

    /**
     * True for a response that ends with its first answer (long-poll): a drain answers it at once,
     * since its client sends a new request anyway; streams are ended over the drain window instead.
     */
    default boolean answersOnce() {
        return false;
    }

    /** Runs {@code action} once when the connection ends, whoever ended it. */
    void onEnded(Runnable action);
}
