package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body up to a limit. Past it, the client gets a 413 with a reason and the
 * connection is closed, so the rest of an oversized body is never buffered. The body is kept as
 * raw bytes: parsing (and its own validation) is the caller's job.
 *
 * <p>A client that sent {@code Expect: 100-continue} (curl does for larger bodies) is told to go
 * on only once the declared length fits; one that declared too much gets its 413 without sending
 * the body (RFC 9110 section 10.1.1).
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    public static void read(RoutingContext context, long maxBytes, Handler<Buffer> onBody) {
        HttpServerRequest request = context.request();
        String declared = request.getHeader("Content-Length");
        if (declared != null && declared.chars().allMatch(Character::isDigit) && declared.length() < 19
                && Long.parseLong(declared) > maxBytes) {
            tooLarge(context, maxBytes);
            return;
        }
        // An HTTP/1.0 client cannot ask for 100 Continue (RFC 9110 section 10.1.1).
        if (request.version() != HttpVersion.HTTP_1_0 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            context.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                refused[0] = true;
                tooLarge(context, maxBytes);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!refused[0]) {
                onBody.handle(body);
            }
        });
        request.resume();
    }

    private static void tooLarge(RoutingContext context, long maxBytes) {
        context.response().putHeader("Connection", "close");
        ClientError.send(context.response(), 413, "request body too large: at most " + maxBytes
                + " bytes (max_body_size)");
    }
}
