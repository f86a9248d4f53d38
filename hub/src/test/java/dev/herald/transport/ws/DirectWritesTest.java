package dev.herald.transport.ws;

import dev.herald.testing.Http;
import dev.herald.testing.WsClient;
import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the Vert.x internals behind Herald's memory per connection: with strict thread mode (set by
 * {@code HubVerticle}) an HTTP connection writes straight to its channel, without the outbound
 * queue whose first chunk is ~4 KiB, and {@link WsDirectWrites} gives an upgraded WebSocket
 * connection the same, and {@link WsSpentUpgrade} lets go of the upgrade request. If a Vert.x
 * upgrade changes any of them, this fails; the hub still works, but every idle connection costs
 * more (4 KiB, 2.4 KiB).
 */
class DirectWritesTest {
    private static final String DIRECT = "DirectOutboundMessageQueue";

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    @Test
    void httpConnectionsInStrictThreadModeHaveNoOutboundQueue() {
        CompletableFuture<String> queue = new CompletableFuture<>();
        int port = listen(request -> {
            queue.complete(queueOf((VertxConnection) request.connection()));
            request.response().end("ok");
        });
        assertEquals(200, Http.get("http://127.0.0.1:" + port + "/").status());
        assertEquals(DIRECT, await(queue));
    }

    @Test
    void anUpgradedWebSocketGetsDirectWritesAndStillDeliversFrames() {
        CompletableFuture<String> before = new CompletableFuture<>();
        CompletableFuture<String> after = new CompletableFuture<>();
        CompletableFuture<Boolean> installed = new CompletableFuture<>();
        int port = listen(request -> {
            Channel channel = ((ConnectionBase) request.connection()).channel();
            request.toWebSocket().onSuccess(socket -> {
                VertxConnection connection = channel.pipeline().get(VertxHandler.class).getConnection();
                before.complete(queueOf(connection));
                installed.complete(WsDirectWrites.install(channel));
                after.complete(queueOf(connection));
                socket.writeTextMessage(new JsonObject().put("type", "hello").encode());
            });
        });
        try (WsClient client = WsClient.connect(port, "", null)) {
            assertEquals("hello", client.next().getString("type"));
        }
        // Vert.x still gives the WebSocket a queue of its own (else this class has no reason to exist).
        assertEquals("InternalMessageChannel", await(before));
        assertTrue(await(installed));
        assertEquals(DIRECT, await(after));
    }

    @Test
    void anUpgradedWebSocketLetsGoOfItsUpgradeRequestAndStillWorks() {
        CompletableFuture<WeakReference<HttpServerRequest>> upgrade = new CompletableFuture<>();
        CompletableFuture<Boolean> released = new CompletableFuture<>();
        int port = listen(request -> {
            Channel channel = ((ConnectionBase) request.connection()).channel();
            upgrade.complete(new WeakReference<>(request));
            request.toWebSocket().onSuccess(socket -> {
                released.complete(WsSpentUpgrade.release(channel));
                socket.textMessageHandler(text -> socket.writeTextMessage(text));
            });
        });
        try (WsClient client = WsClient.connect(port, "", null)) {
            assertTrue(await(released));
            WeakReference<HttpServerRequest> request = await(upgrade);
            for (int i = 0; i < 20 && request.get() != null; i++) {
                System.gc();
            }
            assertNull(request.get(), "the upgrade request is still reachable from the WebSocket");
            // The socket works without it: a message still comes back.
            client.send(new JsonObject().put("type", "echo"));
            assertEquals("echo", client.next().getString("type"));
        }
    }

    private int listen(Handler<HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setStrictThreadMode(true)).requestHandler(handler);
        return await(server.listen().toCompletionStage().toCompletableFuture()).actualPort();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String queueOf(VertxConnection connection) {
        try {
            Field field = VertxConnection.class.getDeclaredField("outboundMessageQueue");
            field.setAccessible(true);
            return field.get(connection).getClass().getSimpleName();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Vert.x's VertxConnection no longer has outboundMessageQueue", e);
        }
    }
}
