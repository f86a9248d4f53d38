package dev.herald.transport.longpoll;

import dev.herald.config.LongPollSettings;
import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.TransportKind;
import dev.herald.http.HeaderValues;
import dev.herald.subscription.Transport;
import dev.herald.transport.SubscribeRequestParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * One long-poll response: collects the updates written until the next flush (a whole replay, or a
 * burst of live updates), up to the batch size, and answers with them as one JSON document:
 * <pre>{"type":"poll","lastEventID":"…","updates":[…],"more":false}</pre>
 * Each update is the same shared JSON as on WebSocket. The response is written once, at the first
 * flush that has updates, when the batch is full, or at {@code poll_timeout}; later writes are
 * dropped, since the client's next poll reads them from history.
 *
 * <p>Threading: confined to the request's event loop.
 */
final class LongPollTransport implements Transport {
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final int batchSize;
    private final long timer;
    private final List<EncodedUpdate> batch = new ArrayList<>();
    private final List<Runnable> onEnded = new ArrayList<>();
    private String lastEventId;
    private String startedAfter;
    private boolean more;
    private boolean done;
    private boolean answered;

    LongPollTransport(Vertx vertx, HttpServerResponse response, LongPollSettings settings) {
        this.vertx = vertx;
        this.response = response;
        this.batchSize = settings.batchSize();
        this.timer = vertx.setTimer(settings.timeout().toMillis(), ignored -> respond());
        response.closeHandler(ignored -> respond());
    }

    /**
     * Where the replay starts: the id to answer with when no update is written (where the client's
     * next poll resumes) and, when the poll named a last event id, the {@code Mercure-Last-Event-ID}
     * of the answer, which keeps saying where this answer started after updates move the other on.
     */
    void resumeFrom(String eventId, boolean requested) {
        this.lastEventId = eventId;
        this.startedAfter = requested ? eventId : null;
    }

    @Override
    public TransportKind kind() {
        return TransportKind.LONGPOLL;
    }

    @Override
    public int write(EncodedUpdate update) {
        if (done) {
            return 0;
        }
        batch.add(update);
        lastEventId = update.update().id();
        if (batch.size() >= batchSize) {
            more = true;
            respond();
        }
        return update.json().length;
    }

    /** Answers with what was written, if anything; an empty poll keeps waiting. */
    @Override
    public void flush() {
        if (!batch.isEmpty()) {
            respond();
        }
    }

    /** Answers now with whatever was collected (possibly nothing, on timeout or shutdown). */
    private void respond() {
        if (done) {
            return;
        }
        done = true;
        vertx.cancelTimer(timer);
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
                    .putHeader("Last-Event-ID", HeaderValues.utf8(lastEventId));
            if (startedAfter != null) {
                response.putHeader(SubscribeRequestParser.MERCURE_LAST_EVENT_ID, HeaderValues.utf8(startedAfter));
            }
            response.end(body);
            answered = true;
        }
        onEnded.forEach(Runnable::run);
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
    public boolean answersOnce() {
        return true;
    }

    @Override
    public boolean writable() {
        return !done;
    }

    @Override
    public void whenWritable(Runnable action) {
        // Never full before it is done, and never writable again after.
    }

    @Override
    public void onEnded(Runnable action) {
        onEnded.add(action);
    }

    /** A poll that answered (with updates, or empty at its timeout) ended normally, not by the client leaving. */
    @Override
    public String endLabel(CloseReason reason) {
        return answered && reason == CloseReason.CLIENT_CLOSED ? HubMetrics.TransportMeters.ANSWERED : reason.label();
    }
}
