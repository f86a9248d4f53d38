package dev.herald.transport.sse;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.metrics.TransportKind;
import dev.herald.subscription.Transport;
import dev.herald.transport.JoinedFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Server-Sent Events framing over a chunked HTTP response. Updates are written as their shared
 * pre-encoded frame; those written between two flushes go out as one chunk, joined once for every
 * connection of the loop that received the same frames ({@link JoinedFrames}). A heartbeat is an SSE
 * comment line, which EventSource ignores but which keeps proxies from timing out and reveals a
 * dead peer when the write fails.
 *
 * <p>Threading: confined to the response's event loop.
 */
final class SseTransport implements Transport {
    private static final Buffer HEARTBEAT = Buffer.buffer(":\n");
    /** Held bytes are sent early past this size, so one flush never builds a huge chunk. */
    private static final int MAX_HELD_BYTES = 64 * 1024;
    /** The reconnect delay a draining node hints, drawn from [min, max) per stream. */
    static final int RETRY_MIN_MS = 500;
    static final int RETRY_MAX_MS = 2_000;

    private final HttpServerResponse response;
    private final JoinedFrames<Buffer> joined;
    /** The frame written since the last flush, when it is the only one: sent as it is. */
    private Buffer held;
    /** Every frame written since the last flush, when there are several. */
    private List<Buffer> heldFrames;
    private int heldBytes;
    private boolean closed;

    SseTransport(HttpServerResponse response, int maxQueueBytes, JoinedFrames<Buffer> joined) {
        this.response = response;
        this.joined = joined;
        response.setWriteQueueMaxSize(maxQueueBytes);
    }

    @Override
    public TransportKind kind() {
        return TransportKind.SSE;
    }

    @Override
    public int write(EncodedUpdate update) {
        if (closed) {
            return 0;
        }
        Buffer frame = update.sse();
        if (held == null) {
            held = frame;
        } else {
            if (heldFrames == null) {
                heldFrames = joined.newHeld();
                heldFrames.add(held);
            }
            heldFrames.add(frame);
        }
        heldBytes += frame.length();
        if (heldBytes >= MAX_HELD_BYTES) {
            flush();
        }
        return frame.length();
    }

    @Override
    public void flush() {
        Buffer bytes = heldFrames != null ? joined.join(heldFrames) : held;
        dropHeld();
        if (bytes != null && !closed && !response.closed()) {
            response.write(bytes);
        }
    }

    private void dropHeld() {
        held = null;
        heldFrames = null;
        heldBytes = 0;
    }

    @Override
    public void heartbeat() {
        if (!closed) {
            response.write(HEARTBEAT);
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (closed) {
            return;
        }
        if (reason == CloseReason.SLOW_CONSUMER) {
            // The queue is full: ending politely would wait behind it. Drop the connection and
            // what is held; the client reconnects with its Last-Event-ID and catches up from history.
            dropHeld();
            closed = true;
            if (!response.closed()) {
                response.reset();
            }
            return;
        }
        flush();
        closed = true;
        if (!response.closed() && !response.ended()) {
            if (reason == CloseReason.RESTARTING) {
                // The node is draining: EventSource waits this long before it reconnects, and the
                // jitter keeps the clients of one node from reaching the others in the same instant.
                response.end("retry: " + ThreadLocalRandom.current().nextInt(RETRY_MIN_MS, RETRY_MAX_MS) + "\n\n");
            } else {
                response.end();
            }
        }
    }

    @Override
    public boolean writable() {
        return !response.writeQueueFull();
    }

    @Override
    public void whenWritable(Runnable action) {
        response.drainHandler(ignored -> {
            response.drainHandler(null);
            action.run();
        });
    }

    @Override
    public void onEnded(Runnable action) {
        response.closeHandler(ignored -> action.run());
    }
}
