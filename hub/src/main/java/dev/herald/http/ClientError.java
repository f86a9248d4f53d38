package dev.herald.http;

import io.vertx.core.http.HttpServerResponse;

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

    /** The hub cannot take this now (503); {@link #sendUnavailable} adds when to retry. */
    public static ClientError unavailable(String reason) {
        return new ClientError(503, reason);
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

    /** How long a client told 503 should wait before it retries, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** Writes a 503 with {@code Retry-After}: the hub is full or cannot serve this now; try again later. */
    public static void sendUnavailable(HttpServerResponse response, String reason) {
        if (!response.headWritten() && !response.ended() && !response.closed()) {
            response.putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        send(response, 503, reason);
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
}
