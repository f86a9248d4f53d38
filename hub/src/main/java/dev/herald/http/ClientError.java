package dev.herald.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * A request Herald refuses: the status and a short reason for the client. Every 4xx Herald sends is
 * built and written here, as {@code text/plain}.
 */
public final class ClientError extends Exception {
    private final int status;

    public ClientError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public static ClientError badRequest(String reason) {
        return new ClientError(400, reason);
    }

    public static ClientError unauthorized(String reason) {
        return new ClientError(401, reason);
    }

    public static ClientError forbidden(String reason) {
        return new ClientError(403, reason);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    /** Writes the error and ends the response, unless the response already started. */
    public void reply(HttpServerResponse response) {
        send(response, status, getMessage());
    }

    /** Writes {@code status} with a one-line reason; also used for the hub's own 5xx errors. */
    public static void send(HttpServerResponse response, int status, String reason) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8");
        if (status == 401) {
            // RFC 6750 section 3: tell the client which scheme and why.
            response.putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                    + reason.replace("\"", "'") + "\"");
        }
        response.end(reason + "\n");
    }

    /**
     * The same answer as bytes on the wire, ending with {@code Connection: close}, for refusals made
     * before Vert.x parsed a request (a connection over a cap, a request line too long).
     * {@code headerLines} are extra {@code Name: value} lines.
     */
    public static byte[] encoded(int status, String reason, String... headerLines) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(HttpResponseStatus.valueOf(status)).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(body, 0, response, headBytes.length, body.length);
        return response;
    }
}
