package dev.herald.loadtest.calibrate;

import dev.herald.loadtest.wire.WebSocketWire;
import java.nio.charset.StandardCharsets;

/**
 * What a Herald subscriber receives, written by hand for servers that stand in for Herald (the
 * calibration blaster, tests that cut the stream at chosen bytes): the response heads and each
 * event as an SSE event or a WebSocket text frame with Herald's JSON. Text is ASCII throughout.
 */
public final class HeraldWire {

    /** The answer to an SSE subscribe; the body that follows is chunked. */
    public static final String SSE_RESPONSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";

    private HeraldWire() {
    }

    /** The answer to a WebSocket upgrade whose {@code Sec-WebSocket-Key} was {@code key} (RFC 6455 §4.2.2). */
    public static String webSocketResponseHead(String key) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketWire.accept(key) + "\r\n\r\n";
    }

    /** A header's value in a request head ({@code \r\n}-separated lines), or null. */
    public static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** One SSE event, as Herald writes it. */
    public static StringBuilder sseEvent(StringBuilder out, String id, String data) {
        return out.append("id: ").append(id).append("\ndata: ").append(data).append("\n\n");
    }

    /** One update as a WebSocket text frame, unmasked as a server sends it (RFC 6455 §5.2). */
    public static StringBuilder webSocketUpdate(StringBuilder out, String id, String data) {
        String text = "{\"type\":\"update\",\"id\":\"" + id + "\",\"topics\":[\"t0\"],\"data\":\"" + data + "\"}";
        out.append((char) 0x81);
        int length = text.length();
        if (length < 126) {
            out.append((char) length);
        } else {
            out.append((char) 126).append((char) (length >>> 8)).append((char) (length & 0xff));
        }
        return out.append(text); // Appended as chars, not through serverFrame: the blaster writes this per event.
    }

    /** A frame as a server sends it: unmasked, {@code firstByte} (FIN, opcode), the shortest length encoding. */
    public static byte[] serverFrame(int firstByte, byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) firstByte;
        if (header == 2) {
            frame[1] = (byte) payload.length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, payload.length);
        return frame;
    }

    /** One HTTP/1.1 chunk holding {@code body}. */
    public static byte[] chunk(byte[] body) {
        byte[] size = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = new byte[size.length + body.length + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(body, 0, chunk, size.length, body.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }
}
