package dev.herald.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The few bytes of RFC 6455 a refusal needs: whether a request head asks for a WebSocket, and the
 * handshake that accepts it only to close it at once with a code the client can read.
 */
final class WebSocketHandshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {
    }

    /** The {@code Sec-WebSocket-Key} of a GET that asks to upgrade to a WebSocket, else null. */
    static String upgradeKey(String head) {
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("GET ")) {
            return null;
        }
        boolean upgrade = false;
        String key = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("upgrade") && value.toLowerCase(Locale.ROOT).contains("websocket")) {
                upgrade = true;
            } else if (name.equals("sec-websocket-key") && value.matches("[A-Za-z0-9+/]{22}==")) {
                key = value;
            }
        }
        return upgrade ? key : null;
    }

    /** The 101 answer for {@code key}, followed by a close frame with {@code code} and {@code reason}. */
    static byte[] acceptAndClose(String key, int code, String reason) {
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] why = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(why.length, 123); // a control frame carries at most 125 bytes, 2 of them the code
        out.write(0x88); // FIN, close
        out.write(2 + length);
        out.write(code >> 8);
        out.write(code & 0xFF);
        out.write(why, 0, length);
        return out.toByteArray();
    }
}
