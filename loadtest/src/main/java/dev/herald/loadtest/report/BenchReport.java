package dev.herald.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code report --in DIR --out DIR [--title T] [--environment FILE]}: reads every run report
 * ({@code *.json}) in DIR and writes results.json, results.md and results.html to the output.
 */
public final class BenchReport {

    private static final List<String> TARGET_ORDER = List.of("herald", "nchan", "socketio");
    private static final List<String> SCENARIO_ORDER =
            List.of("fanout", "many-topics", RunSummary.FIXED, "idle", "churn", "catch-up");

    private BenchReport() {
    }

    public static int run(String[] args, PrintStream out) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("in") || !options.containsKey("out")) {
            throw new IllegalArgumentException("report needs --in DIR --out DIR");
        }
        Path in = Path.of(options.get("in"));
        Path outDir = Path.of(options.get("out"));
        String title = options.getOrDefault("title", "Herald benchmark");
        String environment = options.containsKey("environment") ? Files.readString(Path.of(options.get("environment"))) : "";

        List<JsonObject> reports = read(in);
        List<RunSummary> runs = reports.stream().map(RunSummary::of).sorted(order()).toList();
        Map<String, Map<String, RunSummary>> cases = new LinkedHashMap<>();
        for (RunSummary run : runs) {
            cases.computeIfAbsent(run.caseKey(), k -> new LinkedHashMap<>()).put(run.target(), run);
        }
        List<String> targets = TARGET_ORDER.stream().filter(t -> runs.stream().anyMatch(r -> r.target().equals(t))).toList();
        List<Comparison> comparisons = Comparison.of(cases);

        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("results.json"), json(title, environment, runs, comparisons).encodePrettily());
        Files.writeString(outDir.resolve("results.md"), MarkdownReport.render(title, environment, cases, comparisons, targets));
        Files.writeString(outDir.resolve("results.html"), HtmlReport.render(title, environment, cases, comparisons, targets));
        out.printf("%d runs -> %s/results.{json,md,html}%n", runs.size(), outDir);
        return 0;
    }

    private static List<JsonObject> read(Path dir) throws IOException {
        List<JsonObject> reports = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonObject report = new JsonObject(Files.readString(file));
                if ("herald-loadtest".equals(report.getString("tool"))) {
                    reports.add(report.put("file", file.getFileName().toString()));
                }
            }
        }
        return reports;
    }

    private static Comparator<RunSummary> order() {
        return Comparator.comparing(RunSummary::mode)
                .thenComparing(r -> SCENARIO_ORDER.indexOf(r.scenario()))
                .thenComparing(RunSummary::transport)
                .thenComparingInt(RunSummary::subscribers)
                .thenComparingInt(RunSummary::topics)
                .thenComparing(r -> TARGET_ORDER.indexOf(r.target()));
    }

    private static JsonObject json(String title, String environment, List<RunSummary> runs, List<Comparison> comparisons) {
        JsonArray ratios = new JsonArray();
        for (Comparison c : comparisons) {
            ratios.add(new JsonObject().put("mode", c.mode()).put("case", c.what()).put("peer", c.peer())
                    .put("herald", c.herald()).put("peerValue", c.peerValue()).put("unit", c.unit())
                    .put("ratio", Double.isFinite(c.ratio()) ? Math.round(c.ratio() * 100) / 100.0 : null)
                    .put("goal", c.goal()).put("met", c.met()));
        }
        JsonArray all = new JsonArray();
        runs.forEach(r -> all.add(r.raw()));
        return new JsonObject().put("title", title).put("environment", environment).put("ratios", ratios).put("runs", all);
    }
}
