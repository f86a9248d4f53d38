package dev.herald.transport.ws;

import dev.herald.config.WebSocketSettings;
import dev.herald.http.ClientAddress;
import dev.herald.http.ClientError;
import dev.herald.http.Cors;
import dev.herald.http.SpentHeaders;
import dev.herald.subscription.SubscribeRequest;
import dev.herald.subscription.Subscriptions;
import dev.herald.transport.JoinedFrames;
import dev.herald.transport.SubscribeRequestParser;
import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * {@code GET /.well-known/mercure} upgraded to a WebSocket. The upgrade request takes the same
 * selectors ({@code topic}, {@code match*}), last event id and token as SSE (selectors may also
 * come later); an invalid
 * token, a bad selector, a foreign origin or a hub without room for the selectors is refused
 * before the upgrade. Once connected,
 * {@link WsSession} runs the connection; see {@code protocol-spec/websocket.md} for every message
 * and close code.
 */
public final class WsHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final Subscriptions subscriptions;
    private final SubscribeRequestParser parser;
    private final WebSocketSettings settings;
    private final int maxQueueBytes;
    private final Cors cors;
    /** Each event loop's verticle builds its own routes, so this is the loop's one wheel. */
    private final TimerWheel heartbeats;
    /** The loop's WebSocket connections share the joins of a batch's frames. */
    private final JoinedFrames<byte[]> joinedFrames = JoinedFrames.bytes();

    public WsHandler(Vertx vertx, Subscriptions subscriptions, SubscribeRequestParser parser,
                     WebSocketSettings settings, int maxQueueBytes, Cors cors) {
        this.vertx = vertx;
        this.subscriptions = subscriptions;
        this.parser = parser;
        this.settings = settings;
        this.maxQueueBytes = maxQueueBytes;
        this.cors = cors;
        // The horizon: the longest wait is one of the two clocks, so both together cover it.
        this.heartbeats = TimerWheel.ticking(vertx, heartbeatTickMillis(settings),
                settings.pingInterval().plus(settings.pongTimeout()));
    }

    /**
     * An eighth of the shorter of the two heartbeat clocks: a ping or a deadline is then at most
     * 12.5 % late, and with the defaults (25 s, 10 s) a loop wakes for it every 1.25 s, whatever
     * the number of connections.
     */
    static long heartbeatTickMillis(WebSocketSettings settings) {
        Duration shorter = settings.pingInterval().compareTo(settings.pongTimeout()) < 0
                ? settings.pingInterval() : settings.pongTimeout();
        return Math.max(1, shorter.toMillis() / 8);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!cors.allowsWebSocket(request)) {
            ClientError.send(context.response(), 403, "origin not allowed: set cors_origins to include "
                    + request.getHeader("Origin"));
            return;
        }
        // The token may wait for a key to be fetched: hold the request until the upgrade is decided.
        request.pause();
        parser.read(request).onComplete(read -> {
            if (context.response().closed()) {
                return;
            }
            if (read.failed()) {
                request.resume();
                ClientError.replyOrFail(context, read.cause());
                return;
            }
            upgrade(context, read.result());
        });
    }

    private void upgrade(RoutingContext context, SubscribeRequest upgrade) {
        HttpServerRequest request = context.request();
        if (!subscriptions.hasRoomFor(upgrade.selectors())) {
            request.resume();
            ClientError.sendUnavailable(context.response(), Subscriptions.HUB_FULL);
            return;
        }
        // Vert.x Web wraps the socket, so its Netty channel is reached through the HTTP connection:
        // the frame guard goes in that channel's pipeline (see WsFrameGuard).
        Channel channel = ((ConnectionBase) request.connection()).channel();
        String client = ClientAddress.of(context);
        request.toWebSocket().onSuccess(socket -> {
            WsDirectWrites.install(channel);
            SpentHeaders.release(request);
            new WsSession(vertx, heartbeats, joinedFrames, socket, channel, client, maxQueueBytes, subscriptions, parser, settings, upgrade)
                    .start();
        });
    }
}
