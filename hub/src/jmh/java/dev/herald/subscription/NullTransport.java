package dev.herald.subscription;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.metrics.TransportKind;

/**
 * A transport that frames as SSE does (it takes the shared frame and reports its bytes) and writes
 * to nothing: what dispatch costs on Herald's side of the socket.
 */
final class NullTransport implements Transport {
    int writes;
    int flushes;

    @Override
    public TransportKind kind() {
        return TransportKind.SSE;
    }

    @Override
    public int write(EncodedUpdate update) {
        writes++;
        return update.sse().length();
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void heartbeat() {
    }

    @Override
    public void close(CloseReason reason) {
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void whenWritable(Runnable action) {
    }

    @Override
    public void onEnded(Runnable action) {
    }
}
