package dev.herald.loadtest.report;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The repeats of one cell (one build, case and target) reduced to one summary: the headline is
 * their median, the cell shown is the median run's (with an even count, the lower of the middle
 * two, and the cell says so and gives the median), followed by how many runs there were and each
 * one's figure in repeat order, so the spread is in sight. A repeat that was incorrect or lost
 * connections marks the whole cell.
 */
final class Repeats {

    private Repeats() {
    }

    static RunSummary of(List<RunSummary> runs) {
        List<RunSummary> byRepeat = runs.stream().sorted(Comparator.comparingInt(r -> r.raw().getInteger("repeat", 1))).toList();
        if (byRepeat.size() == 1) {
            RunSummary only = byRepeat.get(0);
            return only.withMedian(only.headline(), only.saturating(), only.cell() + " [1 run]", only.correct(),
                    only.connectionsOk());
        }
        List<RunSummary> sorted = byRepeat.stream().sorted(Comparator.comparingDouble(RunSummary::headline)).toList();
        RunSummary middle = sorted.get((sorted.size() - 1) / 2);
        String values = byRepeat.stream().map(r -> MarkdownReport.number(r.headline()) + GeneratorBound.mark(r.headlineGeneratorBound()))
                .collect(Collectors.joining(" / "));
        boolean allCorrect = byRepeat.stream().allMatch(RunSummary::correct);
        double median = median(sorted.stream().map(RunSummary::headline).toList());
        String shown = sorted.size() % 2 == 1 ? String.format("median of %d runs", sorted.size())
                : String.format("the lower middle of %d runs, whose median is %s", sorted.size(), MarkdownReport.number(median));
        String cell = middle.cell() + String.format(" [%s: %s, by repeat]", shown, values)
                + (allCorrect || !middle.correct() ? "" : " ✗ in another repeat");
        return middle.withMedian(median,
                median(byRepeat.stream().map(RunSummary::saturating).filter(Double::isFinite).sorted().toList()), cell,
                allCorrect, byRepeat.stream().allMatch(RunSummary::connectionsOk));
    }

    /** Median of sorted values; NaN for none. */
    static double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int half = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(half) : (sorted.get(half - 1) + sorted.get(half)) / 2;
    }
}
