package dev.herald.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP requests for tests over {@code java.net.http} (HTTP/1.1, keep-alive), and the Vert.x
 * client that {@link SseClient} streams with. Calls block the test thread.
 */
public final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private static volatile HttpClient streamClient;

    private Http() {
    }

    /**
     * The client for event streams: one connection per stream, never reused, so closing a stream
     * closes exactly its own connection.
     */
    static HttpClient streamClient() {
        HttpClient existing = streamClient;
        if (existing != null) {
            return existing;
        }
        synchronized (Http.class) {
            if (streamClient == null) {
                Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
                streamClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                        .setMaxInitialLineLength(16384), new PoolOptions().setHttp1MaxSize(1000).setMaxWaitQueueSize(-1));
            }
            return streamClient;
        }
    }

    public static HttpResult get(String url) {
        return request(HttpMethod.GET, url, Map.of(), null);
    }

    public static HttpResult get(String url, Map<String, String> headers) {
        return request(HttpMethod.GET, url, headers, null);
    }

    /** Sends a request and reads the whole response. {@code body} may be null. */
    public static HttpResult request(HttpMethod method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
            response.headers().map().forEach(responseHeaders::add);
            return new HttpResult(response.statusCode(), responseHeaders,
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
