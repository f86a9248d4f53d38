package dev.herald.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client that sends one request and then never reads again, like a peer that vanished or is
 * stalled: the hub's writes pile up in the socket buffers and its pings go unanswered.
 */
public final class SilentClient implements AutoCloseable {
    private final Socket socket;

    private SilentClient(Socket socket) {
        this.socket = socket;
    }

    /** Opens an SSE subscription to {@code topic} and stops reading. */
    public static SilentClient sse(TestHub hub, String topic) {
        return open(hub, "GET /.well-known/mercure?topic=" + TestHub.encode(topic) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
    }

    /** Opens a WebSocket subscription to {@code topic} and stops reading (pings go unanswered). */
    public static SilentClient webSocket(TestHub hub, String topic) {
        return open(hub, "GET /.well-known/mercure?topic=" + TestHub.encode(topic) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }

    /** Opens a long-poll request for {@code topic} and never reads the answer. */
    public static SilentClient longPoll(TestHub hub, String topic) {
        return open(hub, "GET /.well-known/mercure?topic=" + TestHub.encode(topic) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
    }

    private static SilentClient open(TestHub hub, String request) {
        try {
            Socket socket = new Socket();
            // A small receive buffer, set before connecting so the window stays small too.
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", hub.port()));
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new SilentClient(socket);
        } catch (IOException e) {
            throw new AssertionError("cannot connect", e);
        }
    }

    /**
     * Starts reading at last, discarding what piled up, until the hub ends the connection: true if
     * it did within {@code timeout}.
     */
    public boolean awaitEnd(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] discard = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (socket.getInputStream().read(discard) < 0) {
                    return true;
                }
            }
            return false;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
