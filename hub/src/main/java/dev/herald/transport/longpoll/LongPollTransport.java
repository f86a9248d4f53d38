package dev.herald.transport.longpoll;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.http.HeaderValues;
import dev.herald.transport.Transport;
import dev.herald.transport.WriteBatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * One long-poll response: collects the updates of one {@link WriteBatch} (a whole replay,
 * or a burst of live updates), up to the batch size, and answers with them as one JSON document:
 * <pre>{"type":"poll","lastEventID":"…","updates":[…],"more":false}</pre>
 * Each update is the same shared JSON as on WebSocket. The response is written once; later writes
 * are dropped, since the client's next poll reads them from history.
 *
 * <p>Threading: confined to the request's event loop.
 */
final class LongPollTransport implements Transport, WriteBatch.Deferred {
    private final HttpServerResponse response;
    private final WriteBatch writes;
    private final int batchSize;
    private final List<EncodedUpdate> batch = new ArrayList<>();
    private String lastEventId;
    private boolean more;
    private boolean deferred;
    private boolean done;
    private Runnable onDone = () -> { };

    LongPollTransport(HttpServerResponse response, WriteBatch writes, int batchSize) {
        this.response = response;
        this.writes = writes;
        this.batchSize = batchSize;
    }

    /** The id to answer with when no update is written: where the client's next poll resumes. */
    void resumeFrom(String eventId, boolean moreInHistory) {
        this.lastEventId = eventId;
        this.more = moreInHistory;
    }

    void onDone(Runnable action) {
        this.onDone = action;
    }

    @Override
    public void write(EncodedUpdate update) {
        if (done) {
            return;
        }
        batch.add(update);
        lastEventId = update.update().id();
        if (batch.size() >= batchSize) {
            more = true;
            respond();
        } else if (!writes.isOpen()) {
            respond();
        } else if (!deferred) {
            deferred = true;
            writes.defer(this);
        }
    }

    /** The batch closed: answer with everything it brought. */
    @Override
    public void flush() {
        respond();
    }

    /** Answers now with whatever was collected (possibly nothing, on timeout or shutdown). */
    void respond() {
        if (done) {
            return;
        }
        done = true;
        if (!response.closed() && !response.ended()) {
            Buffer body = Buffer.buffer(256 + batch.size() * 128)
                    .appendString("{\"type\":\"poll\",\"lastEventID\":")
                    .appendString(Json.encode(lastEventId))
                    .appendString(",\"updates\":[");
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    body.appendByte((byte) ',');
                }
                body.appendBytes(batch.get(i).json());
            }
            body.appendString("],\"more\":").appendString(String.valueOf(more)).appendString("}");
            response.putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0")
                    .putHeader("Last-Event-ID", HeaderValues.utf8(lastEventId))
                    .end(body);
        }
        onDone.run();
    }

    @Override
    public void heartbeat() {
        // The poll itself is the heartbeat: it returns empty before poll_timeout, below proxy timeouts.
    }

    @Override
    public void close(CloseReason reason) {
        respond();
    }

    @Override
    public boolean writable() {
        return !done;
    }

    @Override
    public void whenWritable(Runnable action) {
        // Never full before it is done: a replay is read with the batch size as its limit.
    }
}
