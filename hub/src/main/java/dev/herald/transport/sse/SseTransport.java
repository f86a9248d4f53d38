package dev.herald.transport.sse;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.subscription.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Server-Sent Events framing over a chunked HTTP response. Updates are written as their shared
 * pre-encoded frame; those written between two flushes go out as one chunk. A heartbeat is an SSE
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
    private Buffer held;
    private boolean heldIsShared;
    private boolean closed;

    SseTransport(HttpServerResponse response, int maxQueueBytes) {
        this.response = response;
        response.setWriteQueueMaxSize(maxQueueBytes);
    }

    @Override
    public void write(EncodedUpdate update) {
        if (closed) {
            return;
        }
        Buffer frame = update.sse();
        if (held == null) {
            // The shared frame itself: no copy when this connection gets one update per flush.
            held = frame;
            heldIsShared = true;
            return;
        }
        if (heldIsShared) {
            held = Buffer.buffer(2 * (held.length() + frame.length())).appendBuffer(held);
            heldIsShared = false;
        }
        held.appendBuffer(frame);
        if (held.length() >= MAX_HELD_BYTES) {
            flush();
        }
    }

    @Override
    public void flush() {
        Buffer bytes = held;
        held = null;
        if (bytes != null && !closed && !response.closed()) {
            response.write(bytes);
        }
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
            held = null;
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
