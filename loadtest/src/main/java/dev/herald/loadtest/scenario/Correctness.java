package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.SequenceTracker;
import dev.herald.loadtest.measure.SubscriberProbe;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Sums the per-subscriber verdicts of a run: the numbers that must all be zero. */
final class Correctness {

    private Correctness() {
    }

    static JsonObject of(List<SubscriberFleet.Member> members) {
        return ofProbes(members.stream().map(SubscriberFleet.Member::probe).toList());
    }

    /** Adds two summaries field by field. */
    static JsonObject merge(JsonObject a, JsonObject b) {
        JsonObject sum = new JsonObject();
        for (String field : List.of("subscribersChecked", "subscribersWithProblems", "missing", "duplicated",
                "outOfOrder", "unexpected")) {
            sum.put(field, a.getLong(field) + b.getLong(field));
        }
        return sum.put("ok", a.getBoolean("ok") && b.getBoolean("ok"));
    }

    static JsonObject ofProbes(List<SubscriberProbe> probes) {
        long missing = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long unexpected = 0;
        long withProblems = 0;
        long checked = 0;
        for (SubscriberProbe probe : probes) {
            SequenceTracker.Verdict verdict = probe.verdict();
            if (verdict == null) {
                continue;
            }
            checked++;
            missing += verdict.missing();
            duplicated += verdict.duplicated();
            outOfOrder += verdict.outOfOrder();
            unexpected += verdict.unexpected();
            if (!verdict.clean()) {
                withProblems++;
            }
        }
        return new JsonObject()
                .put("subscribersChecked", checked)
                .put("subscribersWithProblems", withProblems)
                .put("missing", missing)
                .put("duplicated", duplicated)
                .put("outOfOrder", outOfOrder)
                .put("unexpected", unexpected)
                .put("ok", withProblems == 0);
    }
}
