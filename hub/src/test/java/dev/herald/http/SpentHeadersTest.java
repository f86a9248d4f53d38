package dev.herald.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream whose head is out keeps neither its header maps nor Vert.x Web's routing context, while
 * the connection stays open; the head's own hooks still ran once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpentHeadersTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStreamingResponseLetsGoOfItsRoutingContextOnceItsHeadIsOut() throws Exception {
        CompletableFuture<WeakReference<RoutingContext>> routed = new CompletableFuture<>();
        CompletableFuture<Boolean> headersCleared = new CompletableFuture<>();
        Router router = Router.router(vertx);
        router.route().handler(context -> {
            context.addHeadersEndHandler(ignored -> context.response().putHeader("X-Head-Hook", "ran"));
            context.next();
        });
        router.get("/stream").handler(context -> {
            context.response().setChunked(true).writeHead();
            SpentHeaders.release(context.request());
            headersCleared.complete(context.request().headers().isEmpty() && context.response().headers().isEmpty());
            routed.complete(new WeakReference<>(context));
        });
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpClient client = vertx.createHttpClient();
        HttpClientResponse response = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/stream")
                .compose(request -> request.send())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals("ran", response.getHeader("X-Head-Hook"));
        assertTrue(headersCleared.get(10, TimeUnit.SECONDS));
        WeakReference<RoutingContext> context = routed.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (context.get() != null && System.nanoTime() < deadline) {
            System.gc(); // a weak reference clears only when a collection runs
        }
        assertNull(context.get(), "the open stream still holds its routing context");
    }
}
