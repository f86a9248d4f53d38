package dev.herald.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket subscriber for tests: every JSON message the hub sends lands in a queue; the close
 * code and reason are recorded. Protocol pings are answered by Vert.x automatically unless
 * {@code answerPings} is false (a client that went silent).
 */
public final class WsClient implements AutoCloseable {
    private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final ClientWebSocket socket;
    private final WebSocketClient client;

    /** Handlers go on before the connection exists, so the hub's first message cannot slip past them. */
    private WsClient(WebSocketClient client) {
        this.client = client;
        this.socket = client.webSocket();
        socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
        socket.closeHandler(ignored -> {
            closeReason = socket.closeReason();
            closed.complete(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
        });
    }

    /** Connects to {@code hub}'s subscribe URL with the raw query string {@code query} (may be empty). */
    public static WsClient connect(TestHub hub, String query) {
        return connect(hub, query, null);
    }

    /** Connects with {@code token} as {@code Authorization: Bearer} (or none when null). */
    public static WsClient connect(TestHub hub, String query, String token) {
        return connect(hub.port(), query, token);
    }

    /** Connects to the hub (or a proxy in front of one) on {@code port} of 127.0.0.1. */
    public static WsClient connect(int port, String query, String token) {
        WebSocketClient client = VERTX.createWebSocketClient(new WebSocketClientOptions());
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port)
                .setURI("/.well-known/mercure" + (query.isEmpty() ? "" : "?" + query));
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        WsClient ws = new WsClient(client);
        TestHub.await(ws.socket.connect(options).toCompletionStage().toCompletableFuture());
        return ws;
    }

    /** Sends an upgrade request and returns the HTTP status the hub refused it with. */
    public static int refusedStatus(TestHub hub, String query) {
        return refusedStatus(hub, query, null);
    }

    /** Sends an upgrade request from {@code origin} (or none) and returns the refusal status. */
    public static int refusedStatus(TestHub hub, String query, String origin) {
        int status = upgradeStatus(hub, query, origin);
        if (status == 101) {
            throw new AssertionError("the upgrade was accepted");
        }
        return status;
    }

    /** The status of a raw upgrade request: 101 when the hub accepts it. */
    public static int upgradeStatus(TestHub hub, String query, String origin) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"));
        if (origin != null) {
            headers.put("Origin", origin);
        }
        StringBuilder request = new StringBuilder("GET /.well-known/mercure?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + hub.port() + "\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        byte[] bytes = request.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        // An accepted upgrade stays open: read what arrives within half a second.
        return RawHttp.exchange(hub, bytes, false, 500).status();
    }

    /** The next message, failing after five seconds. */
    public JsonObject next() {
        return next(Duration.ofSeconds(5));
    }

    public JsonObject next(Duration timeout) {
        try {
            JsonObject message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no WebSocket message within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message of {@code type}, skipping others (e.g. pings); fails after five seconds. */
    public JsonObject next(String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<JsonObject> skipped = new ArrayList<>();
        while (true) {
            JsonObject message;
            try {
                message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (AssertionError timeout) {
                throw new AssertionError("no '" + type + "' message within 5 s; skipped " + skipped
                        + (closed.isDone() ? ", closed with " + closed.join() + " " + closeReason : ""), timeout);
            }
            if (type.equals(message.getString("type"))) {
                return message;
            }
            skipped.add(message);
        }
    }

    /** The next message if one already arrived, else null. */
    public JsonObject poll() {
        return messages.poll();
    }

    public void send(JsonObject message) {
        socket.writeTextMessage(message.encode());
    }

    public void sendText(String text) {
        socket.writeTextMessage(text);
    }

    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(Buffer.buffer(bytes));
    }

    /** Waits for the hub to close the connection and returns the close code. */
    public short awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the hub did not close the WebSocket within " + timeout, e);
        }
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.close();
        }
        client.close();
    }
}
