package dev.herald.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What an innocent user sees while an attack runs: a publish and a health check must each be
 * answered, with success, within {@link #BOUND}.
 */
public final class Probe {
    public static final Duration BOUND = Duration.ofSeconds(2);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(BOUND).build();

    private Probe() {
    }

    public static void assertResponsive(ForkedHub hub) {
        assertResponsive(hub.baseUrl(), hub.tokens().publisher("*"));
    }

    public static void assertResponsive(TestHub hub) {
        assertResponsive(hub.baseUrl(), hub.tokens().publisher("*"));
    }

    /** Fails unless {@code POST /.well-known/mercure} and {@code GET /healthz} both answer 200 within the bound. */
    public static void assertResponsive(String baseUrl, String publisherToken) {
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/healthz")).timeout(BOUND).GET().build();
        HttpRequest publish = HttpRequest.newBuilder(URI.create(baseUrl + "/.well-known/mercure")).timeout(BOUND)
                .header("Authorization", "Bearer " + publisherToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=probe&data=still+there", StandardCharsets.UTF_8))
                .build();
        for (HttpRequest request : new HttpRequest[] {health, publish}) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), request.uri() + " answered " + response.body());
            } catch (Exception e) {
                fail(request.method() + " " + request.uri() + " got no answer within " + BOUND.toMillis() + " ms ("
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms): " + e);
            }
        }
    }
}
