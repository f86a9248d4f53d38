package dev.herald.hardening;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for frames no well-behaved client sends: any opcode, reserved
 * bits, unmasked frames, invalid UTF-8, commands after a close, and floods from a peer that never
 * reads. Frames are written exactly as given; the hub's frames are read one at a time on demand.
 */
final class RawWebSocket implements AutoCloseable {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** One frame from the hub; {@code compressed} is its RSV1 bit, set on a permessage-deflate message. */
    record Frame(int opcode, byte[] payload, boolean compressed) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or 1005 (none given) for an empty one. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String responseHead;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Upgrades {@code GET /.well-known/mercure?query} on 127.0.0.1:{@code port}, with {@code token} as a
     * bearer token when not null. A small {@code receiveBuffer} makes a peer that stops reading fill
     * up quickly, as a stalled client on a real network does.
     */
    static RawWebSocket open(int port, String query, String token, int receiveBuffer) {
        return open(port, query, token, receiveBuffer, "");
    }

    /** As {@link #open(int, String, String, int)}, with {@code headers} (whole lines, each ending in CRLF) added to the upgrade. */
    static RawWebSocket open(int port, String query, String token, int receiveBuffer, String headers) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            RawWebSocket webSocket = new RawWebSocket(socket);
            String request = "GET /.well-known/mercure?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + headers + "\r\n";
            webSocket.write(request.getBytes(StandardCharsets.US_ASCII));
            String head = webSocket.readResponseHead();
            webSocket.responseHead = head;
            if (!head.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new AssertionError("the upgrade was refused: " + head);
            }
            return webSocket;
        } catch (IOException e) {
            throw new AssertionError("cannot open a WebSocket", e);
        }
    }

    static RawWebSocket open(int port, String query, String token) {
        return open(port, query, token, 64 * 1024);
    }

    /** One client frame: FIN as given, {@code rsv} in bits 4-6 of the first byte, masked unless told. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xF);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    static byte[] frame(int opcode, byte[] payload) {
        return frame(true, 0, opcode, payload, true);
    }

    static byte[] textFrame(String text) {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code frame} repeated until the block holds about {@code bytes}: one write sends many frames. */
    static byte[] repeated(byte[] frame, int bytes) {
        int count = Math.max(1, bytes / frame.length);
        byte[] block = new byte[count * frame.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frame, 0, block, i * frame.length, frame.length);
        }
        return block;
    }

    /** The hub's 101 response: status line and headers. */
    String responseHead() {
        return responseHead;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendText(String text) throws IOException {
        write(textFrame(text));
    }

    /** The hub's next frame, or null when it ended the connection; fails when nothing comes within {@code timeout}. */
    Frame next(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int second = readByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            if ((second & 0x80) != 0) {
                throw new AssertionError("the hub sent a masked frame");
            }
            return new Frame(first & 0x0F, in.readNBytes(Math.toIntExact(length)), (first & 0x40) != 0);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the hub within " + timeout, e);
        }
    }

    /** The next text frame, skipping pings and other control frames; fails at a close or after {@code timeout}. */
    String nextText(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (frame == null || frame.opcode() == CLOSE) {
                throw new AssertionError("the hub closed the connection: " + (frame == null ? "EOF" : frame.closeCode()));
            }
            if (frame.opcode() == TEXT) {
                return frame.text();
            }
        }
    }

    /** Reads until the hub's close frame and returns it; fails at EOF without one or after {@code timeout}. */
    Frame awaitCloseFrame(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (frame == null) {
                throw new AssertionError("the hub dropped the connection without a close frame");
            }
            if (frame.opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /**
     * Reads and discards everything until the hub ends the connection (EOF or reset).
     *
     * @return true when it ended within {@code timeout}
     */
    boolean awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[64 * 1024];
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    return false;
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the hub ended the connection inside a frame");
        }
        return b;
    }

    private String readResponseHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = readByte();
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Drops the connection with a TCP reset, as a peer that vanished mid-write does. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
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
