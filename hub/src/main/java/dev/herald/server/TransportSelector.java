package dev.herald.server;

import dev.herald.http.ClientError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * One subscribe URL, three transports. A request is served as:
 * <ol>
 *   <li>WebSocket when it asks to upgrade ({@code Upgrade: websocket});</li>
 *   <li>long-poll when it asks for JSON ({@code Accept: application/json}) or says
 *       {@code transport=longpoll};</li>
 *   <li>Server-Sent Events when it accepts {@code text/event-stream}, anything ({@code *}{@code /*}),
 *       or sends no Accept header at all, as existing Mercure clients do.</li>
 * </ol>
 * Anything else gets a 406 that says what to send. Server-Sent Events need HTTP/1.1: a stream
 * of unknown length is sent chunked, which HTTP/1.0 lacks, so an HTTP/1.0 subscription gets 426 with
 * {@code Upgrade: HTTP/1.1} (nginx speaks HTTP/1.0 to upstreams unless told {@code proxy_http_version 1.1}).
 */
final class TransportSelector implements Handler<RoutingContext> {
    private final Handler<RoutingContext> sse;
    private final Handler<RoutingContext> webSocket;
    private final Handler<RoutingContext> longPoll;

    TransportSelector(Handler<RoutingContext> sse, Handler<RoutingContext> webSocket, Handler<RoutingContext> longPoll) {
        this.sse = sse;
        this.webSocket = webSocket;
        this.longPoll = longPoll;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String upgrade = request.getHeader("Upgrade");
        String accept = request.getHeader("Accept");
        String acceptLower = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            webSocket.handle(context);
        } else if ("longpoll".equals(request.getParam("transport")) || acceptLower.contains("application/json")) {
            longPoll.handle(context);
        } else if (accept == null || acceptLower.isBlank() || acceptLower.contains("text/event-stream")
                || acceptLower.contains("*/*")) {
            if (request.version() == HttpVersion.HTTP_1_0) {
                context.response().putHeader("Upgrade", "HTTP/1.1").putHeader("Connection", "Upgrade");
                ClientError.send(context.response(), 426, "Server-Sent Events need HTTP/1.1 (behind nginx:"
                        + " proxy_http_version 1.1); long-poll (Accept: application/json) works over HTTP/1.0");
                return;
            }
            sse.handle(context);
        } else {
            ClientError.send(context.response(), 406, "cannot serve Accept: " + accept
                    + "; send Accept: text/event-stream (SSE), Accept: application/json (long-poll)"
                    + " or Upgrade: websocket");
        }
    }
}
