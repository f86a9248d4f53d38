package dev.herald.transport.ws;

import dev.herald.config.WebSocketSettings;
import dev.herald.core.CloseReason;
import dev.herald.core.Grants;
import dev.herald.core.TopicSelector;
import dev.herald.http.ClientError;
import dev.herald.http.SecurityLog;
import dev.herald.subscription.SubscribeRequest;
import dev.herald.subscription.Subscriber;
import dev.herald.subscription.SubscriptionHead;
import dev.herald.subscription.Subscriptions;
import dev.herald.transport.RequestedSelector;
import dev.herald.transport.JoinedFrames;
import dev.herald.transport.SubscribeRequestParser;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket connection: what its commands do. The subscription starts, through the shared
 * subscribe sequence, as soon as the connection is authenticated; {@code subscribe},
 * {@code unsubscribe} and {@code auth} then change it.
 *
 * <p>Threading: confined to the socket's event loop.
 */
final class WsSession {
    private final ServerWebSocket socket;
    private final String client;
    private final WsTransport transport;
    private final Subscriptions subscriptions;
    private final SubscribeRequestParser parser;
    private final WebSocketSettings settings;
    private final WsHeartbeat heartbeat;
    private final WsAuthState auth;
    private final List<TopicSelector> initialSelectors;
    private final String lastEventId;
    private Grants grants;
    private Subscriber subscriber;
    /**
     * Auth commands a connection may have waiting for their tokens' verification: each holds its
     * token until a key fetch ends, so a client must not queue them without bound.
     */
    static final int MAX_AUTHS_WAITING = 4;
    private Future<Grants> pendingAuth = Future.succeededFuture();
    private int authsWaiting;

    /**
     * @param upgrade what the upgrade request asked for; its grants are null when it carried no
     *                token and the hub requires one, which the client must then send in {@code auth}
     * @param client  the client's address as the upgrade request resolved it, for the security log
     */
    WsSession(Vertx vertx, TimerWheel wheel, JoinedFrames<byte[]> joinedFrames, ServerWebSocket socket, Channel channel, String client, int maxQueueBytes,
              Subscriptions subscriptions, SubscribeRequestParser parser, WebSocketSettings settings,
              SubscribeRequest upgrade) {
        this.socket = socket;
        this.client = client;
        this.transport = new WsTransport(vertx, socket, channel, joinedFrames, maxQueueBytes, settings, () -> close(CloseReason.SLOW_CONSUMER));
        this.subscriptions = subscriptions;
        this.parser = parser;
        this.settings = settings;
        this.initialSelectors = upgrade.selectors();
        this.lastEventId = upgrade.lastEventId();
        this.grants = upgrade.grants();
        this.heartbeat = new WsHeartbeat(wheel, settings.pingInterval(), settings.pongTimeout(), transport::ping,
                () -> close(CloseReason.HEARTBEAT_TIMEOUT));
        this.auth = grants != null ? WsAuthState.authenticated(vertx)
                : WsAuthState.awaitingToken(vertx, settings.pongTimeout(), () -> close(CloseReason.UNAUTHORIZED));
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(ignored -> onBinary());
        socket.pongHandler(ignored -> heartbeat.alive());
        transport.onEnded(this::ended);
    }

    void start() {
        heartbeat.start();
        if (auth.isAuthenticated()) {
            subscribe();
        } else {
            transport.send(WsProtocol.message("auth_required", null)
                    .put("message", "send {\"type\":\"auth\",\"token\":\"…\"} within "
                            + settings.pongTimeout().toMillis() + " ms"));
        }
    }

    private void subscribe() {
        subscriber = subscriptions.subscribe(new SubscribeRequest(initialSelectors, grants, lastEventId), transport,
                new SubscriptionHead() {
                    @Override
                    public void accepted(String anchorId) {
                        transport.send(WsProtocol.message("subscribed", null).put("topics", topics())
                                .put("matchers", WsProtocol.matcherObjects(selectors()))
                                .put("lastEventID", anchorId));
                    }

                    @Override
                    public void refused(String reason) {
                        transport.send(WsProtocol.error(null, "history_unavailable", reason));
                    }
                });
    }

    private void onBinary() {
        heartbeat.alive();
        if (!auth.isClosed()) {
            transport.send(WsProtocol.error(null, "binary_not_supported",
                    "send JSON text messages; binary frames are not supported"));
        }
    }

    private void onText(String text) {
        heartbeat.alive();
        if (auth.isClosed() || (subscriber != null && subscriber.isClosed())) {
            return; // closed: a late command must not bring the subscription back
        }
        WsProtocol.Command command;
        try {
            command = WsProtocol.parse(text, settings.maxMessageSize());
        } catch (WsProtocol.Malformed malformed) {
            transport.send(malformed.toMessage());
            return;
        }
        String ref = command.ref();
        try {
            switch (command.type()) {
                case "ping" -> transport.send(WsProtocol.message("pong", ref));
                case "pong" -> { }
                case "auth" -> auth(command);
                case "subscribe" -> changeTopics(command, true);
                case "unsubscribe" -> changeTopics(command, false);
                default -> transport.send(WsProtocol.error(ref, "unknown_type", "unknown message type '"
                        + command.type() + "'; expected subscribe, unsubscribe, auth, ping or pong"));
            }
        } catch (ClientError refusal) {
            transport.send(WsProtocol.error(ref, refusal));
        }
    }

    /**
     * Verifies the token, then authenticates with its grants. Verification may wait for a key to be
     * fetched, so auth commands are chained: each is answered, and takes effect, in the order sent.
     * One past {@link #MAX_AUTHS_WAITING} still waiting is refused at once and changes nothing.
     */
    private void auth(WsProtocol.Command command) throws ClientError {
        String token = WsProtocol.token(command);
        if (authsWaiting >= MAX_AUTHS_WAITING) {
            throw ClientError.badRequest("too many auth commands waiting for their token to be verified (at most "
                    + MAX_AUTHS_WAITING + "): wait for their answers");
        }
        authsWaiting++;
        pendingAuth = pendingAuth.transform(ignored -> parser.grants(token)).onComplete(verified -> {
            authsWaiting--;
            if (auth.isClosed() || (subscriber != null && subscriber.isClosed())) {
                return; // ended while the token waited for its key
            }
            if (verified.succeeded()) {
                authenticated(command.ref(), verified.result());
            } else if (verified.cause() instanceof ClientError refusal) {
                SecurityLog.refused(refusal.status(), refusal.reason(), client, socket.path());
                transport.send(WsProtocol.error(command.ref(), refusal));
            } else {
                close(CloseReason.UNAUTHORIZED);
            }
        });
    }

    private void authenticated(String ref, Grants presented) {
        grants = presented;
        boolean first = auth.accept();
        JsonObject reply = WsProtocol.message("authenticated", ref);
        if (presented.expiresAt() != null) {
            reply.put("expiresAt", presented.expiresAt().toString());
        }
        transport.send(reply);
        if (first) {
            subscribe();
        } else {
            subscriptions.changeGrants(subscriber, presented);
        }
    }

    private void changeTopics(WsProtocol.Command command, boolean add) throws ClientError {
        if (!auth.isAuthenticated()) {
            throw ClientError.unauthorized("authenticate first: send an auth message with a token");
        }
        List<RequestedSelector> requested = WsProtocol.selectors(command);
        // Keyed by type and text: a URI template and a URL pattern with the same text are two selectors.
        Map<TopicSelector.Key, TopicSelector> byKey = new LinkedHashMap<>();
        subscriber.selectors().forEach(selector -> byKey.put(TopicSelector.Key.of(selector), selector));
        if (add) {
            for (TopicSelector selector : parser.selectors(requested)) {
                byKey.putIfAbsent(TopicSelector.Key.of(selector), selector);
            }
            parser.checkSubscription(byKey.values());
        } else {
            requested.forEach(selector -> byKey.remove(TopicSelector.Key.of(selector.type(), selector.text())));
        }
        // Adding only adds and removing only removes, so the size tells whether anything changed; a
        // command that changes nothing costs no re-indexing, however large the subscription.
        boolean changed = byKey.size() != subscriber.selectors().size();
        if (changed && !subscriptions.changeSelectors(subscriber, new ArrayList<>(byKey.values()))) {
            throw ClientError.unavailable(Subscriptions.HUB_FULL);
        }
        // The reply names what the command named, not the whole subscription: a 40-byte command
        // must not buy a reply as large as every selector the connection holds.
        JsonArray topics = new JsonArray();
        JsonArray matchers = new JsonArray();
        for (RequestedSelector selector : requested) {
            if (selector.type() == null) {
                topics.add(selector.text());
            } else {
                matchers.add(new JsonObject().put("match", selector.text()).put("match_type", selector.type().wireName()));
            }
        }
        JsonObject reply = WsProtocol.message(add ? "subscribed" : "unsubscribed", command.ref()).put("topics", topics);
        if (!matchers.isEmpty()) {
            reply.put("matchers", matchers);
        }
        transport.send(reply);
    }

    private List<TopicSelector> selectors() {
        return subscriber == null ? initialSelectors : subscriber.selectors();
    }

    private JsonArray topics() {
        return new JsonArray(selectors().stream().map(TopicSelector::text).toList());
    }

    /** Closes the connection for {@code reason}, whether or not its subscription has started. */
    private void close(CloseReason reason) {
        if (subscriber != null) {
            subscriber.close(reason);
        } else {
            transport.close(reason);
        }
        ended();
    }

    private void ended() {
        auth.close();
        heartbeat.stop();
    }
}
