package dev.herald.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Long-poll requests for tests: one poll, or a loop that follows {@code lastEventID}. */
public final class LongPoller {
    private LongPoller() {
    }

    /** One poll answer: its status, body and the updates it carried. */
    public record Poll(int status, String lastEventIdHeader, JsonObject body) {
        public List<JsonObject> updates() {
            List<JsonObject> updates = new ArrayList<>();
            body.getJsonArray("updates", new JsonArray()).forEach(update -> updates.add((JsonObject) update));
            return updates;
        }

        public String lastEventId() {
            return body.getString("lastEventID");
        }

        public boolean more() {
            return body.getBoolean("more", false);
        }
    }

    /** Polls {@code topics}, after {@code lastEventId} when not null, with optional extra headers. */
    public static Poll poll(TestHub hub, String lastEventId, String token, String... topics) {
        StringBuilder url = new StringBuilder(hub.hubUrl()).append('?');
        for (String topic : topics) {
            url.append("topic=").append(TestHub.encode(topic)).append('&');
        }
        if (lastEventId != null) {
            url.append("lastEventID=").append(TestHub.encode(lastEventId));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        HttpResult result = Http.get(url.toString(), headers);
        JsonObject body = result.status() == 200 ? new JsonObject(result.body()) : new JsonObject().put("error", result.body());
        return new Poll(result.status(), result.headers().get("Last-Event-ID"), body);
    }
}
