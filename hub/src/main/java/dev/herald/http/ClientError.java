package dev.herald.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/**
 * A request Herald refuses: the status and a short reason for the client. Every 4xx Herald sends is
 * built and written here, as {@code text/plain} (the body draft-07 clients read). Refusals about a
 * token carry the RFC 6750 challenge, with draft-08's {@code resource_metadata} parameter (RFC 9728)
 * where {@link #resourceMetadata} put its URL on the route; they and rate-limited requests are logged
 * through {@link SecurityLog}.
 */
public final class ClientError extends Exception {
    // RFC 6750 section 3: no error code when the request carried no token; fixed texts otherwise,
    // never anything taken from the token.
    private static final String NO_TOKEN = "Bearer";
    private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";
    private static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\"";
    private static final String INVALID_REQUEST = "Bearer error=\"invalid_request\"";
    /** The routing context key holding the URL of the hub's protected resource metadata. */
    private static final String METADATA_KEY = ClientError.class.getName() + ".resourceMetadata";

    private final int status;
    private final String challenge;
    private final long retryAfterSeconds;

    public ClientError(int status, String reason) {
        this(status, reason, null, 0);
    }

    private ClientError(int status, String reason, String challenge, long retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.challenge = challenge;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ClientError badRequest(String reason) {
        return new ClientError(400, reason);
    }

    /** 400 for a token presented in a way the hub does not accept (RFC 6750 {@code invalid_request}). */
    public static ClientError invalidRequest(String reason) {
        return new ClientError(400, reason, INVALID_REQUEST, 0);
    }

    /** 401 for a request that carries no token where one is needed. */
    public static ClientError missingToken(String reason) {
        return new ClientError(401, reason, NO_TOKEN, 0);
    }

    /** 401 for a token that was refused; {@code reason} must be a fixed text, never the token's content. */
    public static ClientError unauthorized(String reason) {
        return new ClientError(401, reason, INVALID_TOKEN, 0);
    }

    /** 403 for a valid token that does not grant what the request needs. */
    public static ClientError insufficientScope(String reason) {
        return new ClientError(403, reason, INSUFFICIENT_SCOPE, 0);
    }

    /** 403 for a request refused whatever its token (a foreign origin). */
    public static ClientError forbidden(String reason) {
        return new ClientError(403, reason);
    }

    /** 429 for a client over a rate limit, with {@code Retry-After}: when it may try again, at least 1 s. */
    public static ClientError tooManyRequests(String reason, long retryAfterSeconds) {
        return new ClientError(429, reason, null, Math.max(1, retryAfterSeconds));
    }

    /** The hub cannot take this now (503); {@link #sendUnavailable} adds when to retry. */
    public static ClientError unavailable(String reason) {
        return new ClientError(503, reason);
    }

    /**
     * A route handler that names the hub's protected resource metadata (an absolute URL without
     * quotes or backslashes) in the challenges of the refusals that follow it.
     */
    public static Handler<RoutingContext> resourceMetadata(String url) {
        if (url.indexOf('"') >= 0 || url.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a resource metadata URL cannot be quoted: " + url);
        }
        return context -> {
            context.put(METADATA_KEY, url);
            context.next();
        };
    }

    /** The challenge as sent: with {@code resource_metadata} when the route named the document. */
    private String challenge(RoutingContext context) {
        String metadata = context.get(METADATA_KEY);
        if (metadata == null) {
            return challenge;
        }
        String parameter = "resource_metadata=\"" + metadata + "\"";
        return challenge.equals(NO_TOKEN) ? NO_TOKEN + " " + parameter : challenge + ", " + parameter;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    /** Writes the error and ends the response, unless it already started; logs refused credentials and rates. */
    public void reply(RoutingContext context) {
        if (status == 401 || status == 403 || status == 429) {
            SecurityLog.refused(status, getMessage(), ClientAddress.of(context), context.request().path());
        }
        HttpServerResponse response = context.response();
        if (challenge != null && !response.headWritten()) {
            response.putHeader("WWW-Authenticate", challenge(context));
        }
        if (retryAfterSeconds > 0 && !response.headWritten()) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        send(response, status, getMessage());
    }

    /**
     * Answers a request whose asynchronous step failed with {@code failure}: its 4xx when it is a
     * client error, else the router's failure handler.
     */
    public static void replyOrFail(RoutingContext context, Throwable failure) {
        if (failure instanceof ClientError error) {
            error.reply(context);
        } else {
            context.fail(failure);
        }
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
