package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.LatencySummary;
import dev.herald.loadtest.measure.SubscriberProbe;
import dev.herald.loadtest.target.Subscription;
import dev.herald.loadtest.target.Target;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * The run's subscribers: opens them at the configured connect rate (with a bound on connects
 * in flight, so a slow server sees a queue, not a SYN flood), keeps the live ones, closes them.
 * Connect calls come from the scenario thread; completions from the event loops.
 */
final class SubscriberFleet {

    /** A connected subscriber. */
    record Member(SubscriberProbe probe, Subscription subscription) {
    }

    private static final int MAX_CONNECTS_IN_FLIGHT = 1000;

    private final RunContext run;
    private final Target target;
    private final List<Member> members = new ArrayList<>();
    private final Semaphore connectSlots = new Semaphore(MAX_CONNECTS_IN_FLIGHT);
    private final Histogram connectMicros = new Histogram(3_600_000_000L, 3);
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String firstFailure = "";

    SubscriberFleet(RunContext run) {
        this(run, run.target);
    }

    /** Subscribers of another server than the run's (the calibration blaster). */
    SubscriberFleet(RunContext run, Target target) {
        this.run = run;
        this.target = target;
    }

    /**
     * Opens {@code count} subscribers at the connect rate and waits for every answer.
     *
     * @param probeOf        the probe of subscriber {@code i}
     * @param lastEventIdOf  where subscriber {@code i} resumes from (null: new events only)
     */
    ConnectResult connect(int count, IntFunction<SubscriberProbe> probeOf, IntFunction<String> lastEventIdOf) {
        long start = System.nanoTime();
        long answeredBefore = succeeded.get() + failed.get();
        long succeededBefore = succeeded.get();
        double nanosPerConnect = 1e9 / run.options.connectRate();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * nanosPerConnect);
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                Await.sleep(Duration.ofNanos(wait));
            }
            connectOne(probeOf.apply(i), lastEventIdOf.apply(i));
            if (count >= 1000 && (i + 1) % (count / 10) == 0) {
                run.log("  connecting: %d/%d started, %d up, %d failed", i + 1, count, succeeded.get(), failed.get());
            }
        }
        Duration patience = run.options.connectTimeout().plusSeconds(5);
        Await.until(() -> succeeded.get() + failed.get() - answeredBefore >= count, patience);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ConnectResult(count, succeeded.get() - succeededBefore, seconds);
    }

    /** Starts one subscription; returns when the connect has been started (or the slot wait timed out). */
    Future<Member> connectOne(SubscriberProbe probe, String lastEventId) {
        try {
            connectSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Future.failedFuture(e);
        }
        attempted.incrementAndGet();
        List<String> topicNames = Arrays.stream(probe.topics()).mapToObj(run.options::topicName).toList();
        long started = System.nanoTime();
        return target.subscribe(probe.node(), topicNames, lastEventId, probe)
                .map(subscription -> new Member(probe, subscription))
                .onComplete(result -> {
                    connectSlots.release();
                    if (result.succeeded()) {
                        probe.subscribed();
                        synchronized (this) {
                            members.add(result.result());
                            connectMicros.recordValue(Math.min((System.nanoTime() - started) / 1000, 3_600_000_000L));
                        }
                        succeeded.incrementAndGet();
                    } else {
                        if (failed.getAndIncrement() == 0) {
                            firstFailure = String.valueOf(result.cause().getMessage());
                        }
                    }
                });
    }

    synchronized List<Member> members() {
        return new ArrayList<>(members);
    }

    /**
     * Removes one member, chosen by {@code pick} from the current list, and closes it once it
     * holds every event the server acknowledged before now, or after {@code patience}: closing
     * earlier would lose events in flight to it and blame the server for them.
     */
    Future<Void> closeOne(IntUnaryOperator pick, Duration patience) {
        Member member;
        synchronized (this) {
            if (members.isEmpty()) {
                return Future.succeededFuture();
            }
            member = members.remove(pick.applyAsInt(members.size()));
        }
        Promise<Void> closed = Promise.promise();
        long timer = run.vertx.setTimer(Math.max(1, patience.toMillis()), ignored -> member.probe().giveUp());
        member.probe().leave(() -> {
            run.vertx.cancelTimer(timer);
            member.subscription().close().onComplete(closed);
        });
        return closed.future();
    }

    /** Subscribers per topic, counting only those connected now. */
    synchronized int[] subscribersPerTopic() {
        int[] counts = new int[run.options.topics()];
        for (Member member : members) {
            for (int topic : member.probe().topics()) {
                counts[topic]++;
            }
        }
        return counts;
    }

    void closeAll() {
        List<Future<Void>> closing = new ArrayList<>();
        for (Member member : members()) {
            closing.add(member.subscription().close());
        }
        try {
            Await.result(Future.join(closing), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            run.log("  some subscriptions did not close cleanly: %s", e.getMessage());
        }
        synchronized (this) {
            members.clear();
        }
    }

    long attempted() {
        return attempted.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }

    synchronized LatencySummary connectTimes() {
        return LatencySummary.of(connectMicros);
    }

    synchronized void resetConnectTimes() {
        connectMicros.reset();
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("attempted", attempted.get())
                .put("succeeded", succeeded.get())
                .put("failed", failed.get())
                .put("firstFailure", firstFailure)
                .put("connectTimeMs", connectTimes().toJson());
    }

    /** The outcome of one {@link #connect} batch. */
    record ConnectResult(int requested, long connected, double seconds) {
        double ratePerSecond() {
            return seconds <= 0 ? 0 : Math.round(connected / seconds);
        }
    }
}
