package dev.herald.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as Markdown: ratios first, then one table per mode with a column per target; runs
 * of another build than the report's follow in tables of their own, never compared with it.
 */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(String title, String environment, BenchReport.BuildTables tables, List<Comparison> comparisons) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Build ").append(tables.build()).append(". Each cell is the median of its runs (repeats in shuffled "
                + "order); the figures of every run follow it in brackets, by repeat.\n\n");
        md.append("## Herald against its peers\n\n");
        md.append("A ratio above 1× means Herald did better (more throughput, or lower latency / memory / time). "
                + "Medians of the repeats.\n\n");
        md.append("| mode | case | peer | Herald | peer | ratio | goal |\n|---|---|---|---:|---:|---:|---|\n");
        for (Comparison c : comparisons) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | **%s** | %s |%n", c.mode(), c.what(), c.peer(),
                    c.heraldText(), c.peerText(), c.ratioText(),
                    c.goal() <= 0 ? "—" : String.format(Locale.ROOT, "≥ %.0f× %s", c.goal(), c.met() ? "✓" : "✗")));
        }
        modeTables(md, tables.cases(), tables.targets(), "## ");
        tables.otherBuilds().forEach((build, cases) -> {
            md.append("\n## Another build: ").append(build).append("\n\nThese runs measured another build than ")
                    .append(tables.build()).append(": they are listed apart and enter no ratio above.\n");
            modeTables(md, cases, tables.targets(), "### ");
        });
        md.append("\n✗ after a cell = a correctness failure (missing, duplicated or out-of-order events); "
                + "⚠ = connect failures or dropped connections; ").append(GeneratorBound.LEGEND)
                .append(". Full step-by-step data is in results.json.\n");
        if (!environment.isBlank()) {
            md.append("\n## Machine, versions and commands\n\n```\n").append(environment.strip()).append("\n```\n");
        }
        return md.toString();
    }

    private static void modeTables(StringBuilder md, Map<String, Map<String, RunSummary>> cases, List<String> targets,
            String heading) {
        String mode = null;
        for (Map<String, RunSummary> byTarget : cases.values()) {
            RunSummary any = byTarget.values().iterator().next();
            if (!any.mode().equals(mode)) {
                mode = any.mode();
                md.append('\n').append(heading).append("Mode: ").append(mode.isEmpty() ? "(unlabelled)" : mode).append("\n\n");
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
    }

    static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
