package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.Micros;
import dev.herald.loadtest.measure.Payload;
import dev.herald.loadtest.measure.PublishLedger;
import dev.herald.loadtest.target.Target;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Publishes at a target rate over all topics, round robin. Each (topic, publisher) stream has
 * at most one publish in flight, so the server sees each stream's sequence numbers in order;
 * concurrency comes from many streams at once, over each publisher's keep-alive pool.
 * Confined to its own event loop; the counters are safe to read from anywhere.
 */
public final class PublishLoop {

    /** Ticks are 1 ms; an open-ended loop that falls further behind than this drops the backlog and counts it. */
    private static final double MAX_BACKLOG_SECONDS = 0.1;

    private final Vertx vertx;
    private final Context context;
    private final Target target;
    private final PublishLedger ledger;
    private final Payload payload;
    private final IntFunction<String> topicName;
    private final int topics;
    private final int publishers;
    private final boolean[] inFlight;
    private int[] subscribersPerTopic;

    public final AtomicLong succeeded = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong skipped = new AtomicLong();
    public final AtomicLong expectedDeliveries = new AtomicLong();
    private volatile String lastFailure = "";

    private long timer = -1;
    private double rate;
    private long limit;
    private long startNanos;
    private volatile long issued;
    private int topicCursor;
    private int publisherCursor;
    private int inFlightCount;
    private Promise<Void> stopped;

    public PublishLoop(Vertx vertx, Target target, PublishLedger ledger, Payload payload, int topics,
            IntFunction<String> topicName) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.target = target;
        this.ledger = ledger;
        this.payload = payload;
        this.topics = topics;
        this.publishers = ledger.publishers();
        this.topicName = topicName;
        this.inFlight = new boolean[topics * publishers];
        this.subscribersPerTopic = new int[topics];
    }

    /** How many subscribers each topic has, to know how many deliveries a publish should cause. */
    public void subscribersPerTopic(int[] counts) {
        context.runOnContext(ignored -> this.subscribersPerTopic = counts.clone());
    }

    /** Starts publishing {@code ratePerSecond}; stops by itself after {@code maxEvents} (negative: no limit). */
    public void start(double ratePerSecond, long maxEvents) {
        context.runOnContext(ignored -> {
            rate = ratePerSecond;
            limit = maxEvents < 0 ? Long.MAX_VALUE : maxEvents;
            issued = 0;
            startNanos = System.nanoTime();
            stopped = null;
            if (ratePerSecond > 0) {
                timer = vertx.setPeriodic(1, id -> tick());
            }
        });
    }

    /** Stops issuing; completes when every publish in flight has been answered. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(ignored -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            stopped = done;
            if (inFlightCount == 0) {
                done.tryComplete();
            }
        });
        return done.future();
    }

    /** Issued publishes so far in the current start (sent, not necessarily answered). */
    public long issued() {
        return issued;
    }

    public String lastFailure() {
        return lastFailure;
    }

    private void tick() {
        double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
        long due = Math.min((long) (rate * elapsedSeconds), limit) - issued;
        long backlogCap = Math.max(1, (long) (rate * MAX_BACKLOG_SECONDS));
        // A bounded batch must be sent in full; an open-ended rate drops what it cannot keep up with.
        if (due > backlogCap && limit == Long.MAX_VALUE) {
            skipped.addAndGet(due - backlogCap);
            issued += due - backlogCap;
            due = backlogCap;
        }
        while (due > 0 && sendNext()) {
            due--;
            issued++;
        }
        if (issued >= limit && timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Sends on the next topic that has an idle stream; false when that topic's streams are all busy. */
    private boolean sendNext() {
        int topic = topicCursor;
        for (int attempt = 0; attempt < publishers; attempt++) {
            int publisher = (publisherCursor + attempt) % publishers;
            int stream = ledger.stream(topic, publisher);
            if (!inFlight[stream]) {
                topicCursor = (topicCursor + 1) % topics;
                publisherCursor = (publisher + 1) % publishers;
                send(topic, publisher, stream);
                return true;
            }
        }
        return false;
    }

    private void send(int topic, int publisher, int stream) {
        long sequence = ledger.nextSequence(stream);
        inFlight[stream] = true;
        inFlightCount++;
        String body = payload.encode(topic, publisher, sequence, Micros.now());
        target.publish(publisher, topicName.apply(topic), body).onComplete(result -> {
            inFlight[stream] = false;
            inFlightCount--;
            ledger.answered(stream, sequence);
            if (result.succeeded()) {
                succeeded.incrementAndGet();
                expectedDeliveries.addAndGet(subscribersPerTopic[topic]);
            } else {
                failed.incrementAndGet();
                ledger.markFailed(stream, sequence);
                lastFailure = String.valueOf(result.cause().getMessage());
            }
            if (stopped != null && inFlightCount == 0) {
                stopped.tryComplete();
            }
        });
    }
}
