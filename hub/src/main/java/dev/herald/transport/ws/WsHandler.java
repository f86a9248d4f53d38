package dev.herald.transport.ws;

import dev.herald.auth.Grants;
import dev.herald.auth.TokenExtractor;
import dev.herald.config.HeraldConfig;
import dev.herald.core.CloseReason;
import dev.herald.core.Subscriber;
import dev.herald.core.TopicSelector;
import dev.herald.history.Replay;
import dev.herald.http.ClientError;
import dev.herald.http.Cors;
import dev.herald.server.HubServices;
import dev.herald.transport.SubscribeRequest;
import dev.herald.transport.Subscriptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET /.well-known/mercure} upgraded to a WebSocket. The upgrade request takes the same
 * {@code topic}, {@code lastEventID} and token as SSE (topics may also come later); an invalid
 * token is refused with a 401 before the upgrade. Once connected the client may send
 * {@code subscribe}, {@code unsubscribe}, {@code auth} and {@code ping} commands; see
 * {@code protocol-spec/websocket.md} for every message and close code.
 */
public final class WsHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final HubServices services;
    private final Subscriptions subscriptions;
    private final Cors cors;

    public WsHandler(Vertx vertx, HubServices services, Subscriptions subscriptions) {
        this.vertx = vertx;
        this.services = services;
        this.cors = new Cors(services.config().corsOrigins());
        this.subscriptions = subscriptions;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HeraldConfig config = services.config();
        if (!cors.allowsWebSocket(request)) {
            ClientError.send(context.response(), 403, "origin not allowed: set cors_origins to include "
                    + request.getHeader("Origin"));
            return;
        }
        List<TopicSelector> selectors;
        Grants grants;
        try {
            selectors = SubscribeRequest.selectors(request.params().getAll("topic"), config);
            grants = SubscribeRequest.grants(TokenExtractor.find(request, config.cookieName()), config,
                    services.subscriberVerifier());
        } catch (ClientError error) {
            error.reply(context.response());
            return;
        }
        String lastEventId = SubscribeRequest.lastEventId(request);
        request.toWebSocket().onSuccess(socket -> new Session(socket, selectors, grants, lastEventId).start());
    }

    /** One connection's state and command loop. Confined to the socket's event loop. */
    private final class Session {
        private final ServerWebSocket socket;
        private final WsTransport transport;
        private final Subscriber subscriber;
        private final String lastEventId;
        private final HeraldConfig config = services.config();
        private boolean open;
        private long pingTimer = -1;
        private long deadlineTimer = -1;

        Session(ServerWebSocket socket, List<TopicSelector> selectors, Grants grants, String lastEventId) {
            this.socket = socket;
            this.transport = new WsTransport(socket, config.maxQueueBytes());
            this.subscriber = subscriptions.newSubscriber(selectors, grants == null ? Grants.anonymous() : grants,
                    transport);
            this.lastEventId = lastEventId;
            this.open = grants != null;
        }

        void start() {
            socket.textMessageHandler(this::onText);
            socket.binaryMessageHandler(ignored -> sendError(null, "binary_not_supported",
                    "send JSON text messages; binary frames are not supported"));
            socket.pongHandler(ignored -> alive());
            socket.closeHandler(ignored -> {
                vertx.cancelTimer(pingTimer);
                vertx.cancelTimer(deadlineTimer);
                subscriber.close(CloseReason.CLIENT_CLOSED);
            });
            schedulePing(ThreadLocalRandom.current().nextLong(1, config.pingInterval().toMillis() + 1));
            if (open) {
                subscribeAndReplay(null);
            } else {
                transport.send(message("auth_required", null)
                        .put("message", "send {\"type\":\"auth\",\"token\":\"…\"} within "
                                + config.pongTimeout().toMillis() + " ms"));
                deadlineTimer = vertx.setTimer(config.pongTimeout().toMillis(),
                        ignored -> subscriber.close(CloseReason.UNAUTHORIZED));
            }
        }

        private void subscribeAndReplay(String ref) {
            subscriptions.open(subscriber, lastEventId, Integer.MAX_VALUE).onComplete(read -> {
                if (read.failed()) {
                    sendError(ref, "history_unavailable", "history could not be read; reconnect shortly");
                    subscriber.close(CloseReason.SHUTTING_DOWN);
                    return;
                }
                Replay replay = read.result();
                transport.send(message("subscribed", ref).put("topics", topics())
                        .put("lastEventID", replay.anchorIdFor(subscriber.grants())));
                subscriber.finishReplay(replay);
            });
        }

        private void onText(String text) {
            alive();
            if (text.length() > config.maxWsMessageSize()) {
                sendError(null, "message_too_large", "messages are limited to " + config.maxWsMessageSize() + " bytes");
                return;
            }
            JsonObject command;
            try {
                command = new JsonObject(text);
            } catch (DecodeException | ClassCastException e) {
                sendError(null, "bad_message", "expected a JSON object with a type");
                return;
            }
            Object type = command.getValue("type");
            String ref = command.getValue("ref") == null ? null : String.valueOf(command.getValue("ref"));
            if (!(type instanceof String name)) {
                sendError(ref, "bad_message", "expected a JSON object with a string type");
                return;
            }
            try {
                switch (name) {
                    case "ping" -> transport.send(message("pong", ref));
                    case "pong" -> { }
                    case "auth" -> auth(ref, command);
                    case "subscribe" -> changeTopics(ref, command, true);
                    case "unsubscribe" -> changeTopics(ref, command, false);
                    default -> sendError(ref, "unknown_type", "unknown message type '" + name
                            + "'; expected subscribe, unsubscribe, auth, ping or pong");
                }
            } catch (ClientError error) {
                sendError(ref, error.status() == 401 ? "unauthorized" : "bad_request", error.reason());
            }
        }

        private void auth(String ref, JsonObject command) throws ClientError {
            if (!(command.getValue("token") instanceof String token) || token.isBlank()) {
                throw ClientError.badRequest("auth needs a token string");
            }
            Grants grants = SubscribeRequest.grants(token, config, services.subscriberVerifier());
            subscriptions.changeGrants(subscriber, grants);
            JsonObject reply = message("authenticated", ref);
            if (grants.expiresAt() != null) {
                reply.put("expiresAt", grants.expiresAt().toString());
            }
            transport.send(reply);
            if (!open) {
                open = true;
                vertx.cancelTimer(deadlineTimer);
                deadlineTimer = -1;
                subscribeAndReplay(null);
            }
        }

        private void changeTopics(String ref, JsonObject command, boolean add) throws ClientError {
            if (!open) {
                throw ClientError.unauthorized("authenticate first: send an auth message with a token");
            }
            if (!(command.getValue("topics") instanceof JsonArray requested) || requested.isEmpty()) {
                throw ClientError.badRequest("topics must be a non-empty array of strings");
            }
            Map<String, TopicSelector> byText = new LinkedHashMap<>();
            subscriber.selectors().forEach(selector -> byText.put(selector.text(), selector));
            List<String> texts = new ArrayList<>();
            for (Object topic : requested) {
                if (!(topic instanceof String text)) {
                    throw ClientError.badRequest("topics must be a non-empty array of strings");
                }
                texts.add(text);
            }
            if (add) {
                for (TopicSelector selector : SubscribeRequest.selectors(texts, config)) {
                    byText.putIfAbsent(selector.text(), selector);
                }
                SubscribeRequest.selectors(new ArrayList<>(byText.keySet()), config);
            } else {
                texts.forEach(byText::remove);
            }
            subscriptions.changeSelectors(subscriber, new ArrayList<>(byText.values()));
            transport.send(message(add ? "subscribed" : "unsubscribed", ref).put("topics", topics()));
        }

        private void schedulePing(long delayMillis) {
            pingTimer = vertx.setTimer(delayMillis, ignored -> {
                transport.ping();
                if (deadlineTimer < 0 && open) {
                    deadlineTimer = vertx.setTimer(config.pongTimeout().toMillis(),
                            expired -> subscriber.close(CloseReason.HEARTBEAT_TIMEOUT));
                }
                schedulePing(config.pingInterval().toMillis());
            });
        }

        /** Any frame from the client proves it is alive: the pending pong deadline is lifted. */
        private void alive() {
            if (open && deadlineTimer >= 0) {
                vertx.cancelTimer(deadlineTimer);
                deadlineTimer = -1;
            }
        }

        private JsonArray topics() {
            return new JsonArray(subscriber.selectors().stream().map(TopicSelector::text).toList());
        }

        private JsonObject message(String type, String ref) {
            JsonObject message = new JsonObject().put("type", type);
            if (ref != null) {
                message.put("ref", ref);
            }
            return message;
        }

        private void sendError(String ref, String code, String text) {
            transport.send(message("error", ref).put("code", code).put("message", text));
        }
    }
}
