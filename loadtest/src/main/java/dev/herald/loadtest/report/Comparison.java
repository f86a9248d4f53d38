package dev.herald.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The targets of the issue, as ratios of Herald against a peer measured in the same run.
 * A ratio above 1 always means Herald did better, whatever the unit.
 */
public record Comparison(String what, String mode, String peer, double herald, double peerValue, double ratio,
        double goal, String unit, boolean heraldGeneratorBound, boolean peerGeneratorBound) {

    /** Judged on the ratio as shown (two decimals), so that "1.00×" never reads as a miss of "≥ 1×". */
    public boolean met() {
        return Math.round(ratio * 100) / 100.0 >= goal;
    }

    /** A ratio with a generator-bound figure on either side is marked: it is compressed towards 1. */
    public String ratioText() {
        return Double.isFinite(ratio)
                ? String.format(Locale.ROOT, "%.2f×", ratio) + GeneratorBound.mark(heraldGeneratorBound || peerGeneratorBound)
                : "n/a";
    }

    public String heraldText() {
        return MarkdownReport.number(herald) + GeneratorBound.mark(heraldGeneratorBound);
    }

    public String peerText() {
        return MarkdownReport.number(peerValue) + GeneratorBound.mark(peerGeneratorBound);
    }

    /** Builds every comparison the cases allow, keyed by case then target. */
    public static List<Comparison> of(Map<String, Map<String, RunSummary>> cases) {
        List<Comparison> comparisons = new ArrayList<>();
        for (Map<String, RunSummary> byTarget : cases.values()) {
            RunSummary herald = byTarget.get("herald");
            if (herald == null) {
                continue;
            }
            switch (herald.scenario()) {
                case "fanout", "many-topics" -> {
                    ratio(herald, byTarget.get("nchan"), 1.0).ifPresent(comparisons::add);
                    ratio(herald, byTarget.get("socketio"), 5.0).ifPresent(comparisons::add);
                }
                case RunSummary.FIXED, "churn", "catch-up" -> {
                    ratio(herald, byTarget.get("nchan"), 1.0).ifPresent(comparisons::add);
                }
                case "idle" -> {
                    ratio(herald, byTarget.get("nchan"), 0.0).ifPresent(comparisons::add);
                    comparisons.add(new Comparison("memory per idle connection vs 8 KiB goal, " + herald.caseTitle(),
                            herald.mode(), "goal", herald.headline(), 8192, 8192 / Math.max(1, herald.headline()), 1.0,
                            "bytes", false, false));
                }
                default -> { }
            }
        }
        return comparisons;
    }

    private static Optional<Comparison> ratio(RunSummary herald, RunSummary peer, double goal) {
        if (peer == null || peer.headline() <= 0 || herald.headline() <= 0) {
            return Optional.empty();
        }
        double ratio = herald.higherIsBetter() ? herald.headline() / peer.headline() : peer.headline() / herald.headline();
        String what = herald.caseTitle() + " (" + herald.unit() + ")";
        if (!herald.correct() || !peer.correct()) {
            what += !herald.correct() ? " — Herald run INCORRECT" : " — " + peer.target() + " run INCORRECT";
        }
        return Optional.of(new Comparison(what, herald.mode(), peer.target(), herald.headline(),
                peer.headline(), ratio, goal, herald.unit(), herald.headlineGeneratorBound(), peer.headlineGeneratorBound()));
    }
}
