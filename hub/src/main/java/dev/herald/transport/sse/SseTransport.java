package dev.herald.transport.sse;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.transport.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Server-Sent Events framing over a chunked HTTP response. Updates are written as their shared
 * pre-encoded frame; a heartbeat is an SSE comment line, which EventSource ignores but which keeps
 * proxies from timing out and reveals a dead peer when the write fails.
 *
 * <p>Threading: confined to the response's event loop.
 */
final class SseTransport implements Transport {
    private static final Buffer HEARTBEAT = Buffer.buffer(":\n");

    private final HttpServerResponse response;
    private boolean closed;

    SseTransport(HttpServerResponse response, int maxQueueBytes) {
        this.response = response;
        response.setWriteQueueMaxSize(maxQueueBytes);
    }

    @Override
    public void write(EncodedUpdate update) {
        if (!closed) {
            response.write(update.sse());
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
            // The queue is full: ending politely would wait behind it. Drop the connection; the
            // client reconnects with its Last-Event-ID and catches up from history.
            response.reset();
        } else {
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
