package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes on a bare socket, for requests no well-behaved client would send. The answer is whatever
 * came back before the hub closed the connection or {@code timeoutMillis} passed.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** What came back: the raw text, and whether the hub closed the connection itself. */
    public record Exchange(String response, boolean closedByHub) {
        /** The status code of the first response line, or -1 when nothing parseable came back. */
        public int status() {
            if (!response.startsWith("HTTP/1.1 ") && !response.startsWith("HTTP/1.0 ")) {
                return -1;
            }
            return Integer.parseInt(response.substring(9, 12));
        }

        public String body() {
            int start = response.indexOf("\r\n\r\n");
            return start < 0 ? "" : response.substring(start + 4);
        }
    }

    /** Sends {@code request}, optionally half-closes, and reads until close or timeout. */
    public static Exchange exchange(TestHub hub, byte[] request, boolean halfClose, int timeoutMillis) {
        return exchange(hub.port(), request, halfClose, timeoutMillis);
    }

    /** The same, to a hub on {@code port} of 127.0.0.1 (a {@link ForkedHub}, say). */
    public static Exchange exchange(int port, byte[] request, boolean halfClose, int timeoutMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    response.write(buffer, 0, read);
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                // the hub kept the connection open
            } catch (IOException reset) {
                closed = true;
            }
            return new Exchange(response.toString(StandardCharsets.UTF_8), closed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request with {@code Connection: close}, so a complete answer ends with the hub closing. */
    public static Exchange exchange(TestHub hub, String head, byte[] body) {
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return exchange(hub, request, false, 5_000);
    }
}
