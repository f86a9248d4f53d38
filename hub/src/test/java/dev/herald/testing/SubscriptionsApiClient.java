package dev.herald.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a hub's subscriptions API ({@code /.well-known/mercure/subscriptions...}) with a bearer token. */
public final class SubscriptionsApiClient {
    public static final String PATH = "/.well-known/mercure/subscriptions";

    private SubscriptionsApiClient() {
    }

    /** GET {@code baseUrl + path} with {@code token} (none when null). */
    public static HttpResult get(String baseUrl, String path, String token) {
        return Http.get(baseUrl + path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    /** The JSON body of a 200 answer; fails on any other status. */
    public static JsonObject document(String baseUrl, String path, String token) {
        HttpResult result = get(baseUrl, path, token);
        if (result.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + result);
        }
        return new JsonObject(result.body());
    }

    /** The subscription documents of a collection. */
    public static List<JsonObject> subscriptions(JsonObject collection) {
        List<JsonObject> documents = new ArrayList<>();
        JsonArray array = collection.getJsonArray("subscriptions");
        for (int i = 0; i < array.size(); i++) {
            documents.add(array.getJsonObject(i));
        }
        return documents;
    }

    /** The subscription documents of the whole collection whose selector text is {@code topic}. */
    public static List<JsonObject> listed(String baseUrl, String token, String topic) {
        return subscriptions(document(baseUrl, PATH, token)).stream()
                .filter(document -> topic.equals(document.getString("topic"))).toList();
    }

    /** One variable percent-encoded as RFC 6570 simple expansion does (every byte outside the unreserved set). */
    public static String expand(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
