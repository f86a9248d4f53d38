package dev.herald.loadtest.target;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Herald's long-poll: GET with {@code Accept: application/json}; the answer
 * {@code {"type":"poll","lastEventID":…,"updates":[…]}} gives the updates and the id to poll from next.
 */
final class MercureLongPoll extends LongPollLoop {

    private final String baseUri;
    private String lastEventId;

    MercureLongPoll(Connections connections, int node, String baseUri, String lastEventId, EventSink sink) {
        super(connections, node, sink);
        this.baseUri = baseUri;
        this.lastEventId = lastEventId;
    }

    @Override
    protected RequestOptions nextRequest() {
        String uri = lastEventId == null ? baseUri : baseUri + "&lastEventID=" + HeraldTarget.encode(lastEventId);
        return new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).putHeader(HttpHeaders.ACCEPT, "application/json");
    }

    @Override
    protected String handle(HttpClientResponse response, Buffer body) {
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode() + " " + HttpStreams.abbreviate(body.toString());
        }
        JsonObject poll = body.toJsonObject();
        JsonArray updates = poll.getJsonArray("updates", new JsonArray());
        for (int i = 0; i < updates.size(); i++) {
            JsonObject update = updates.getJsonObject(i);
            sink.onEvent(update.getString("id"), update.getString("data"));
        }
        lastEventId = poll.getString("lastEventID", lastEventId);
        return null;
    }
}
