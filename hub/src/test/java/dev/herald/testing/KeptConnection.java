package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a bare socket, for what only a connection opened earlier
 * can see (a draining hub refuses new ones): requests go one after another, each answer is read
 * by its {@code Content-Length}.
 */
public final class KeptConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    public KeptConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
    }

    /** Sends {@code GET path} and reads its answer. */
    public RawHttp.Exchange get(String path) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    /** Sends a whole request and reads its answer (head and a {@code Content-Length} body). */
    public RawHttp.Exchange send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(next);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new RawHttp.Exchange(headText + new String(in.readNBytes(length), StandardCharsets.UTF_8), false);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
