package dev.herald.loadtest.scenario;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.measure.DeliveryStats;
import dev.herald.loadtest.measure.LatencySummary;
import dev.herald.loadtest.target.Subscription;
import dev.herald.loadtest.target.Target;
import dev.herald.loadtest.target.Targets;
import dev.herald.loadtest.target.TransportKind;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Catch-up: publish history while one SSE recorder per topic notes the event ids, then connect
 * N subscribers with {@code Last-Event-ID} = the id {@code --catch-up-events} back, while live
 * publishing continues. Each must receive exactly the events after that id, then the live ones,
 * with no gap and no duplicate at the replay-to-live handoff.
 */
final class CatchUpScenario implements Scenario {

    /** Live publishing during the reconnects, so replay and live traffic race as they do in production. */
    private static final double LIVE_RATE_PER_SECOND = 20;
    /** Events published before the anchor, so the anchor is not the very first event. */
    private static final int EVENTS_BEFORE_ANCHOR = 100;

    @Override
    public JsonObject run(RunContext run) {
        Options options = run.options;
        if (!options.target().resumable()) {
            run.log("%s cannot resume from an event id: catch-up not applicable", options.target().wireName());
            return new JsonObject().put("catchUp", new JsonObject().put("supported", false));
        }
        int missed = options.catchUpEvents();
        List<IdRecorder> recorders = new ArrayList<>();
        List<Subscription> recorderSubscriptions = new ArrayList<>();
        DeliveryStats recorderStats = new DeliveryStats();
        Target recorderTarget = Targets.create(options, TransportKind.SSE, run.connections);
        for (int topic = 0; topic < options.topics(); topic++) {
            IdRecorder recorder = new IdRecorder(topic, run.ledger, run.payload, recorderStats);
            recorders.add(recorder);
            recorderSubscriptions.add(Await.result(
                    recorderTarget.subscribe(0, List.of(options.topicName(topic)), null, recorder), options.connectTimeout()));
        }
        Await.sleep(options.settle());

        long history = (long) (missed + EVENTS_BEFORE_ANCHOR) * options.topics();
        run.log("publishing %d events of history at %.0f/s", history, options.rate());
        run.publishLoop.start(options.rate(), history);
        Duration publishPatience = Duration.ofMillis((long) (history / Math.max(1, options.rate()) * 1000)).plusSeconds(30);
        Await.until(() -> run.publishLoop.issued() >= history, publishPatience);
        Await.result(run.publishLoop.stop(), Duration.ofSeconds(30));
        long published = run.publishLoop.succeeded.get();
        Await.until(() -> recorderStats.deliveries.sum() >= published, options.drain());
        recorderSubscriptions.forEach(Subscription::close);

        Map<Integer, Long> expectedStart = new HashMap<>();
        Map<Integer, Long> lastOfBacklog = new HashMap<>();
        String[] anchorIds = new String[options.topics()];
        for (int topic = 0; topic < options.topics(); topic++) {
            IdRecorder recorder = recorders.get(topic);
            anchorIds[topic] = recorder.idBack(missed);
            for (int publisher = 0; publisher < options.publishers(); publisher++) {
                int stream = run.ledger.stream(topic, publisher);
                expectedStart.put(stream, run.ledger.lastSequence(stream) + 1);
                lastOfBacklog.put(stream, run.ledger.lastSequence(stream));
            }
            expectedStart.putAll(recorder.firstSequencesAfter(missed));
            if (anchorIds[topic] == null) {
                throw new IllegalStateException("topic " + topic + " recorded only " + recorder.size()
                        + " events (" + published + " published, " + run.publishLoop.failed.get() + " failed "
                        + run.publishLoop.lastFailure() + "); cannot anchor " + missed + " back");
            }
        }

        run.log("reconnecting %d %s subscribers %d events back at %.0f/s, live publishing at %.0f/s",
                options.subscribers(), options.transport().wireName(), missed, options.connectRate(), LIVE_RATE_PER_SECOND);
        run.stats.latency.interval();
        run.publishLoop.start(LIVE_RATE_PER_SECOND, -1);
        long start = System.nanoTime();
        SubscriberFleet fleet = new SubscriberFleet(run);
        List<CatchUpProbe> probes = new ArrayList<>();
        SubscriberFleet.ConnectResult connected = fleet.connect(options.subscribers(), i -> {
            CatchUpProbe probe = new CatchUpProbe(options.nodeOf(i), run.topicsOf(i), run.ledger, run.payload,
                    run.statsOf(options.nodeOf(i)), expectedStart, lastOfBacklog);
            synchronized (probes) {
                probes.add(probe);
            }
            return probe;
        }, i -> anchorIds[run.topicsOf(i)[0]]);
        boolean allCaughtUp = Await.until(() -> probes.stream().allMatch(p -> p.caughtUp() || p.lost()),
                options.duration());
        Await.result(run.publishLoop.stop(), Duration.ofSeconds(30));
        // Lagging subscribers may still be receiving the last live events: wait until nothing moves for a while.
        Await.quiet(run.stats.deliveries::sum, Duration.ofSeconds(2), options.drain().plusSeconds(5));

        Histogram catchUpMicros = new Histogram(3_600_000_000L, 3);
        long caughtUp = 0;
        long lastCaughtUp = start;
        for (CatchUpProbe probe : probes) {
            if (probe.caughtUp()) {
                caughtUp++;
                catchUpMicros.recordValue(Math.min(probe.catchUpMicros(), 3_600_000_000L));
                lastCaughtUp = Math.max(lastCaughtUp, probe.caughtUpNanos());
            }
        }
        double seconds = (lastCaughtUp - start) / 1e9;
        LatencySummary catchUpTimes = LatencySummary.of(catchUpMicros);
        JsonObject catchUp = new JsonObject()
                .put("supported", true)
                .put("eventsBack", missed)
                .put("subscribers", probes.size())
                .put("caughtUp", caughtUp)
                .put("allCaughtUp", allCaughtUp)
                .put("catchUpTimeMs", catchUpTimes.toJson())
                .put("replayedDeliveriesPerSecond", seconds > 0 ? RampScenario.round(caughtUp * missed / seconds) : 0)
                .put("liveLatencyMs", LatencySummary.of(run.stats.latency.interval()).toJson());
        run.log("  %d/%d caught up; catch-up p50 %.1f ms, p99 %.1f ms; %.0f replayed deliveries/s", caughtUp,
                probes.size(), catchUpTimes.p50(), catchUpTimes.p99(), catchUp.getDouble("replayedDeliveriesPerSecond"));
        JsonObject correctness = Correctness.of(fleet.members());
        JsonObject subscribers = fleet.toJson().put("connectRatePerSecond", connected.ratePerSecond())
                .put("lostConnections", run.stats.lostConnections.sum())
                .put("lastLossReason", run.stats.lastLossReason());
        fleet.closeAll();
        return new JsonObject().put("subscribers", subscribers).put("catchUp", catchUp).put("correctness", correctness);
    }
}
