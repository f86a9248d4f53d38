package dev.herald.transport.sse;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.transport.Transport;
import dev.herald.transport.WriteBatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Server-Sent Events framing over a chunked HTTP response. Updates are written as their shared
 * pre-encoded frame; a heartbeat is an SSE comment line, which EventSource ignores but which keeps
 * proxies from timing out and reveals a dead peer when the write fails.
 *
 * <p>Threading: confined to the response's event loop.
 */
final class SseTransport implements Transport, WriteBatch.Deferred {
    private static final Buffer HEARTBEAT = Buffer.buffer(":\n");
    /** Collected bytes are written early past this size, so a long replay stays paced by the socket. */
    private static final int MAX_COLLECTED_BYTES = 64 * 1024;

    private final HttpServerResponse response;
    private final WriteBatch batch;
    private Buffer collected;
    private boolean collectedIsShared;
    private boolean closed;

    SseTransport(HttpServerResponse response, int maxQueueBytes, WriteBatch batch) {
        this.response = response;
        this.batch = batch;
        response.setWriteQueueMaxSize(maxQueueBytes);
    }

    @Override
    public void write(EncodedUpdate update) {
        if (closed) {
            return;
        }
        Buffer frame = update.sse();
        if (!batch.isOpen()) {
            response.write(frame);
        } else if (collected == null) {
            // The shared frame itself: no copy when the batch brings this connection one update.
            collected = frame;
            collectedIsShared = true;
            batch.defer(this);
        } else {
            if (collectedIsShared) {
                collected = Buffer.buffer(2 * (collected.length() + frame.length())).appendBuffer(collected);
                collectedIsShared = false;
            }
            collected.appendBuffer(frame);
            if (collected.length() >= MAX_COLLECTED_BYTES) {
                flush();
            }
        }
    }

    /** Writes what the batch collected, as one chunk. */
    @Override
    public void flush() {
        Buffer bytes = collected;
        collected = null;
        if (bytes != null && !response.closed()) {
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
        closed = true;
        if (response.closed()) {
            return;
        }
        if (reason == CloseReason.SLOW_CONSUMER) {
            // The queue is full: ending politely would wait behind it. Drop the connection and
            // what the batch collected; the client reconnects with its Last-Event-ID and catches
            // up from history.
            collected = null;
            response.reset();
        } else {
            flush();
            response.end();
        }
    }

    @Override
    public boolean writable() {
        return !response.writeQueueFull();
    }

    @Override
    public void whenWritable(Runnable action) {
        response.drainHandler(ignored -> action.run());
    }
}
