package dev.herald.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

import java.util.List;

/**
 * Vert.x's request decoder, refusing what RFC 9112 calls ambiguous framing instead of guessing: a
 * request that a proxy in front could delimit differently from Herald would let a client smuggle a
 * second request inside the first one's body.
 * <ul>
 *   <li>{@code Content-Length} together with {@code Transfer-Encoding} (section 6.3: "ought to be
 *       handled as an error"; Netty's default is to drop the length and go on);</li>
 *   <li>a {@code Transfer-Encoding} other than exactly {@code chunked} ({@code xchunked},
 *       {@code gzip, chunked}, two headers), or any in an HTTP/1.0 request (section 6.1);</li>
 *   <li>more than one {@code Host} (section 3.2).</li>
 * </ul>
 * A refused request gets 400 with the reason and its connection is closed: after a framing error
 * the decoder discards everything that follows, so nothing smuggled is ever parsed.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    public StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    /** Called by the decoder once every header of a request is read: the place to check framing. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        HttpHeaders headers = message.headers();
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!encodings.isEmpty()) {
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                throw new FramingError("both Content-Length and Transfer-Encoding: send one of them");
            }
            if (message.protocolVersion() == HttpVersion.HTTP_1_0) {
                throw new FramingError("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (encodings.size() > 1 || !encodings.get(0).trim().equalsIgnoreCase("chunked")) {
                throw new FramingError("unsupported Transfer-Encoding: " + String.join(", ", encodings)
                        + " (only chunked is accepted)");
            }
        }
        if (headers.getAll(HttpHeaderNames.HOST).size() > 1) {
            throw new FramingError("more than one Host header");
        }
        return super.isContentAlwaysEmpty(message);
    }

    /**
     * Answers a request the decoder refused (Vert.x's invalid-request handler), with the status and
     * reason its failure calls for; Vert.x closes the connection after the answer.
     */
    public static void reply(HttpServerRequest request, int subscribeLineLimit) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status = 400;
        String reason;
        if (cause instanceof FramingError framing) {
            reason = framing.getMessage();
        } else if (cause instanceof TooLongHttpLineException) {
            status = 414;
            reason = "request line longer than " + subscribeLineLimit
                    + " bytes: a subscription's topics are bounded by max_subscription_bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            reason = "request headers larger than " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes";
        } else {
            reason = "malformed HTTP request" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        request.response().putHeader("Connection", "close");
        ClientError.send(request.response(), status, reason);
    }

    /** A request whose length or message boundaries are ambiguous. */
    private static final class FramingError extends IllegalArgumentException {
        FramingError(String reason) {
            super(reason, null);
        }
    }
}
