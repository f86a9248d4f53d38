package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.SequenceTracker;
import dev.herald.loadtest.measure.SubscriberProbe;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Sums the per-subscriber verdicts of a run, by kind: the numbers that must all be zero.
 * Subscribers whose connect failed are counted with the connections, not here.
 */
final class Correctness {

    /** The kinds of problem, each counted on its own. */
    private static final List<String> KINDS = List.of("missing", "duplicated", "outOfOrder", "unexpected", "foreign");

    private Correctness() {
    }

    static JsonObject of(List<SubscriberFleet.Member> members) {
        return ofProbes(members.stream().map(SubscriberFleet.Member::probe).toList());
    }

    /** Adds two summaries field by field. */
    static JsonObject merge(JsonObject a, JsonObject b) {
        JsonObject sum = new JsonObject();
        for (String field : List.of("subscribersChecked", "subscribersWithProblems", "missing", "duplicated",
                "outOfOrder", "unexpected", "foreign")) {
            sum.put(field, a.getLong(field) + b.getLong(field));
        }
        return sum.put("ok", a.getBoolean("ok") && b.getBoolean("ok"));
    }

    /**
     * What changed between two summaries of the same subscribers: one ramp step's share. Counts
     * that went down (missing events that arrived late) count as zero.
     */
    static JsonObject since(JsonObject after, JsonObject before) {
        JsonObject step = new JsonObject()
                .put("subscribersChecked", after.getLong("subscribersChecked"))
                .put("subscribersWithProblems",
                        Math.max(0, after.getLong("subscribersWithProblems") - before.getLong("subscribersWithProblems")));
        boolean ok = true;
        for (String kind : KINDS) {
            long count = Math.max(0, after.getLong(kind) - before.getLong(kind));
            step.put(kind, count);
            ok = ok && count == 0;
        }
        return step.put("ok", ok);
    }

    /** The non-zero counts, for a progress line: "missing 3, duplicated 1". */
    static String describe(JsonObject correctness) {
        StringBuilder text = new StringBuilder();
        for (String kind : KINDS) {
            long count = correctness.getLong(kind, 0L);
            if (count > 0) {
                text.append(text.isEmpty() ? "" : ", ").append(kind).append(' ').append(count);
            }
        }
        return text.toString();
    }

    /** Whether there is any problem other than events not (yet) arrived. */
    static boolean beyondMissing(JsonObject correctness) {
        return KINDS.stream().filter(kind -> !kind.equals("missing")).anyMatch(kind -> correctness.getLong(kind, 0L) > 0);
    }

    static JsonObject ofProbes(List<SubscriberProbe> probes) {
        long missing = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long unexpected = 0;
        long foreign = 0;
        long withProblems = 0;
        long checked = 0;
        for (SubscriberProbe probe : probes) {
            if (!probe.confirmed()) {
                continue;
            }
            SequenceTracker.Verdict verdict = probe.verdict();
            checked++;
            missing += verdict.missing();
            duplicated += verdict.duplicated();
            outOfOrder += verdict.outOfOrder();
            unexpected += verdict.unexpected();
            foreign += verdict.foreign();
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
                .put("foreign", foreign)
                .put("ok", withProblems == 0);
    }
}
