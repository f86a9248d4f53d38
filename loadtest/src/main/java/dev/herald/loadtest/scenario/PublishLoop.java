package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.LatencyRecorder;
import dev.herald.loadtest.measure.Micros;
import dev.herald.loadtest.measure.Payload;
import dev.herald.loadtest.measure.PublishLedger;
import dev.herald.loadtest.target.Connections;
import dev.herald.loadtest.target.PublishChannel;
import dev.herald.loadtest.target.Target;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Publishes open loop: publish n of a run is due at start + n / rate, whatever became of the
 * earlier ones, and carries that scheduled time, so a server that stalls makes every update
 * it holds up late rather than slowing the publisher down (no coordinated omission). Updates go
 * round robin over the (topic, publisher) streams; each stream keeps to one
 * {@link PublishChannel}, pipelined, so the server receives each stream in order with any
 * number of its publishes in flight.
 *
 * <p>A publish sent after its time (its channel full, or this loop busy) records its lag; once
 * the oldest unsent publish is {@link #MAX_LAG_NANOS} behind, every due publish is counted as
 * skipped instead, and the step that saw it fails. Confined to the publishing Vert.x instance's
 * one event loop, apart from the subscribers'; the counters are safe to read from anywhere.
 */
public final class PublishLoop {

    /** The publishing event loop's thread name, so profiles and per-thread CPU can tell it from the subscribers'. */
    public static final String THREAD_NAME = "loadtest-publisher";
    /** How far behind its schedule the loop may fall before it gives the backlog up as skipped. */
    static final long MAX_LAG_NANOS = 1_000_000_000L;

    private final Vertx vertx;
    private final Context context;
    private final PublishLedger ledger;
    private final Payload payload;
    private final IntFunction<String> topicName;
    private final int topics;
    private final int streams;
    private final PublishChannel[] channels;
    private int[] subscribersPerTopic;

    public final AtomicLong succeeded = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong skipped = new AtomicLong();
    public final AtomicLong expectedDeliveries = new AtomicLong();
    /** Actual send time minus scheduled send time, µs, of every publish sent. */
    public final LatencyRecorder lag = new LatencyRecorder();
    private volatile String lastFailure = "";

    private long timer = -1;
    private double rate;
    private long limit;
    private long startNanos;
    private long startMicros;
    private volatile long runNanos;
    private volatile long issued;
    private int inFlightCount;
    private Promise<Void> stopped;

    /**
     * @param publishing  the Vert.x instance to publish from, one event loop of its own
     * @param connections how many pipelined connections the streams share; at most one per stream
     */
    public PublishLoop(Vertx publishing, Connections clients, Target target, PublishLedger ledger, Payload payload,
            int topics, int connections, IntFunction<String> topicName) {
        this.vertx = publishing;
        this.context = publishing.getOrCreateContext();
        this.ledger = ledger;
        this.payload = payload;
        this.topics = topics;
        this.streams = topics * ledger.publishers();
        this.topicName = topicName;
        this.channels = new PublishChannel[Math.min(connections, streams)];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new PublishChannel(clients, target, i);
        }
        this.subscribersPerTopic = new int[topics];
        context.runOnContext(ignored -> Thread.currentThread().setName(THREAD_NAME));
    }

    /** How many subscribers each topic has, to know how many deliveries a publish should cause. */
    public void subscribersPerTopic(int[] counts) {
        context.runOnContext(ignored -> this.subscribersPerTopic = counts.clone());
    }

    /** How many pipelined connections publishes use. */
    public int connections() {
        return channels.length;
    }

    /**
     * Starts a schedule of {@code ratePerSecond} from now; stops by itself after {@code maxEvents}
     * (negative: no limit). A bounded batch is sent in full however late: nothing is skipped.
     */
    public void start(double ratePerSecond, long maxEvents) {
        context.runOnContext(ignored -> {
            rate = ratePerSecond;
            limit = maxEvents < 0 ? Long.MAX_VALUE : maxEvents;
            issued = 0;
            startNanos = System.nanoTime();
            startMicros = Micros.now();
            runNanos = 0;
            stopped = null;
            if (ratePerSecond > 0) {
                timer = vertx.setPeriodic(1, id -> tick());
            }
        });
    }

    /**
     * Stops the schedule; completes when every publish in flight has been answered. Publishes
     * that were due and still unsent count as skipped.
     */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(ignored -> {
            if (timer >= 0) {
                // What was due and found no room in its pipeline would never be sent.
                long due = due();
                sendDue(due);
                skip(due - issued);
                vertx.cancelTimer(timer);
                timer = -1;
                runNanos = System.nanoTime() - startNanos;
            }
            stopped = done;
            if (inFlightCount == 0) {
                done.tryComplete();
            }
        });
        return done.future();
    }

    /** Publishes scheduled so far in the current start (sent or skipped, not necessarily answered). */
    public long issued() {
        return issued;
    }

    /** How long the last stopped schedule ran, in seconds: what its publish rate is measured over. */
    public double runSeconds() {
        return runNanos / 1e9;
    }

    public String lastFailure() {
        return lastFailure;
    }

    /** Publishes whose scheduled time has come, counted from the start of the schedule. */
    private long due() {
        long elapsed = System.nanoTime() - startNanos;
        return Math.min((long) Math.floor(rate * elapsed / 1e9) + 1, limit);
    }

    private long scheduledNanos(long publish) {
        return startNanos + (long) (publish * 1e9 / rate);
    }

    private void tick() {
        long due = due();
        if (limit == Long.MAX_VALUE && issued < due && System.nanoTime() - scheduledNanos(issued) > MAX_LAG_NANOS) {
            skip(due - issued);
        }
        sendDue(due);
        if (issued >= limit && timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
            runNanos = System.nanoTime() - startNanos;
        }
    }

    /** Sends in schedule order up to {@code due}, stopping at the first publish whose channel is full. */
    private void sendDue(long due) {
        while (issued < due && channelOf(issued).hasRoom()) {
            send(issued);
            issued++;
        }
    }

    private void skip(long count) {
        if (count > 0) {
            skipped.addAndGet(count);
            issued += count;
        }
    }

    /** Streams in turn, topics fastest: publish n goes to stream n mod streams. */
    private int streamOf(long publish) {
        int slot = (int) (publish % streams);
        return ledger.stream(slot % topics, slot / topics);
    }

    private PublishChannel channelOf(long publish) {
        return channels[streamOf(publish) % channels.length];
    }

    private void send(long publish) {
        int stream = streamOf(publish);
        int topic = stream / ledger.publishers();
        int publisher = stream % ledger.publishers();
        long sequence = ledger.nextSequence(stream);
        long scheduled = scheduledNanos(publish);
        lag.record((System.nanoTime() - scheduled) / 1000);
        long scheduledMicros = startMicros + (scheduled - startNanos) / 1000;
        String body = payload.encode(topic, publisher, sequence, scheduledMicros);
        inFlightCount++;
        channels[stream % channels.length].publish(topicName.apply(topic), body).onComplete(result -> {
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
