package dev.herald.loadtest.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** The client's side of RFC 6455: the opening handshake's key and accept value, and masked frames. */
public final class WebSocketWire {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketWire() {
    }

    /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes in base64 (§4.1). */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer {@code key} with (§4.2.2). */
    public static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** One final frame as a client must send it: masked with a fresh key (§5.3). */
    public static byte[] maskedFrame(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (header == 2) {
            frame[1] = (byte) (0x80 | length);
        } else if (header == 4) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) {
            frame[header + i] = (byte) (mask >>> (24 - 8 * i));
        }
        for (int i = 0; i < length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ frame[header + (i & 3)]);
        }
        return frame;
    }
}
