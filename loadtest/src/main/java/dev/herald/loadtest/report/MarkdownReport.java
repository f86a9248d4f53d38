package dev.herald.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as Markdown: ratios first, then one table per mode with a column per target. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(String title, String environment, Map<String, Map<String, RunSummary>> cases,
            List<Comparison> comparisons, List<String> targets) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("## Herald against its peers\n\n");
        md.append("A ratio above 1× means Herald did better (more throughput, or lower latency / memory / time).\n\n");
        md.append("| mode | case | peer | Herald | peer | ratio | goal |\n|---|---|---|---:|---:|---:|---|\n");
        for (Comparison c : comparisons) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | **%s** | %s |%n", c.mode(), c.what(), c.peer(),
                    number(c.herald()), number(c.peerValue()), c.ratioText(),
                    c.goal() <= 0 ? "—" : String.format(Locale.ROOT, "≥ %.0f× %s", c.goal(), c.met() ? "✓" : "✗")));
        }
        String mode = null;
        for (Map<String, RunSummary> byTarget : cases.values()) {
            RunSummary any = byTarget.values().iterator().next();
            if (!any.mode().equals(mode)) {
                mode = any.mode();
                md.append("\n## Mode: ").append(mode.isEmpty() ? "(unlabelled)" : mode).append("\n\n");
                md.append("| case | measure |");
                targets.forEach(t -> md.append(' ').append(t).append(" |"));
                md.append("\n|---|---|");
                targets.forEach(t -> md.append("---|"));
                md.append('\n');
            }
            md.append("| ").append(any.caseTitle()).append(" | ").append(any.unit()).append(" |");
            for (String target : targets) {
                RunSummary run = byTarget.get(target);
                md.append(' ').append(run == null ? "—" : run.cell()).append(" |");
            }
            md.append('\n');
        }
        md.append("\n✗ after a cell = a correctness failure (missing, duplicated or out-of-order events); "
                + "⚠ = connect failures or dropped connections; ⚑ = generator-bound: a receiving or publishing loop of "
                + "the load generator above 80 % of a core in that step, so the figure is a lower bound for the server. Full step-by-step data is in results.json.\n");
        if (!environment.isBlank()) {
            md.append("\n## Machine, versions and commands\n\n```\n").append(environment.strip()).append("\n```\n");
        }
        return md.toString();
    }

    static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
