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
import java.util.TreeMap;
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

        List<RunSummary> runs = read(in).stream().map(RunSummary::of).sorted(order()).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run reports (*.json) in " + in);
        }
        String build = options.getOrDefault("build", mostCommonBuild(runs));
        Map<String, List<RunSummary>> byBuild = new TreeMap<>();
        runs.forEach(run -> byBuild.computeIfAbsent(run.build(), b -> new ArrayList<>()).add(run));
        List<RunSummary> main = byBuild.remove(build);
        if (main == null) {
            throw new IllegalArgumentException("no run of build " + buildName(build) + " in " + in + "; builds found: "
                    + String.join(", ", runs.stream().map(r -> buildName(r.build())).distinct().toList()));
        }
        if (!byBuild.isEmpty() && "refuse".equals(options.get("other-builds"))) {
            throw new IllegalArgumentException(in + " mixes builds: " + buildName(build) + " and "
                    + String.join(", ", byBuild.keySet().stream().map(BenchReport::buildName).toList())
                    + "; a table compares one build only (use --other-builds separate to list the others apart)");
        }
        List<String> targets = TARGET_ORDER.stream().filter(t -> runs.stream().anyMatch(r -> r.target().equals(t))).toList();
        Map<String, Map<String, RunSummary>> cases = cases(main);
        List<Comparison> comparisons = Comparison.of(cases);
        Map<String, Map<String, Map<String, RunSummary>>> others = new LinkedHashMap<>();
        byBuild.forEach((otherBuild, otherRuns) -> others.put(buildName(otherBuild), cases(otherRuns)));
        BuildTables tables = new BuildTables(buildName(build), cases, others, targets);

        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("results.json"),
                json(title, environment, buildName(build), main, byBuild, comparisons).encodePrettily());
        Files.writeString(outDir.resolve("results.md"), MarkdownReport.render(title, environment, tables, comparisons));
        Files.writeString(outDir.resolve("results.html"), HtmlReport.render(title, environment, tables, comparisons));
        out.printf("%d runs of build %s in %d cells -> %s/results.{json,md,html}%n", main.size(), buildName(build),
                cases.values().stream().mapToInt(Map::size).sum(), outDir);
        byBuild.forEach((other, otherRuns) -> out.printf("  %d runs of another build, %s, listed apart%n",
                otherRuns.size(), buildName(other)));
        return 0;
    }

    /** The tables to render: the report's build, and each other build found, kept apart. */
    record BuildTables(String build, Map<String, Map<String, RunSummary>> cases,
            Map<String, Map<String, Map<String, RunSummary>>> otherBuilds, List<String> targets) {
    }

    /** case key → (target → its repeats reduced to the median). */
    private static Map<String, Map<String, RunSummary>> cases(List<RunSummary> runs) {
        Map<String, Map<String, List<RunSummary>>> repeats = new LinkedHashMap<>();
        for (RunSummary run : runs) {
            repeats.computeIfAbsent(run.caseKey(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(run.target(), t -> new ArrayList<>()).add(run);
        }
        Map<String, Map<String, RunSummary>> cases = new LinkedHashMap<>();
        repeats.forEach((key, byTarget) -> {
            Map<String, RunSummary> medians = new LinkedHashMap<>();
            byTarget.forEach((target, cell) -> medians.put(target, Repeats.of(cell)));
            cases.put(key, medians);
        });
        return cases;
    }

    private static String mostCommonBuild(List<RunSummary> runs) {
        Map<String, Long> counts = new TreeMap<>();
        runs.forEach(run -> counts.merge(run.build(), 1L, Long::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Runs from before builds were recorded have none. */
    static String buildName(String build) {
        return build.isEmpty() ? "(not recorded)" : build;
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

    private static JsonObject json(String title, String environment, String build, List<RunSummary> runs,
            Map<String, List<RunSummary>> otherBuilds, List<Comparison> comparisons) {
        JsonArray ratios = new JsonArray();
        for (Comparison c : comparisons) {
            ratios.add(new JsonObject().put("mode", c.mode()).put("case", c.what()).put("peer", c.peer())
                    .put("herald", c.herald()).put("peerValue", c.peerValue()).put("unit", c.unit())
                    .put("heraldGeneratorBound", c.heraldGeneratorBound()).put("peerGeneratorBound", c.peerGeneratorBound())
                    .put("ratio", Double.isFinite(c.ratio()) ? Math.round(c.ratio() * 100) / 100.0 : null)
                    .put("goal", c.goal()).put("met", c.met()));
        }
        JsonArray all = new JsonArray();
        runs.forEach(r -> all.add(r.raw()));
        JsonObject others = new JsonObject();
        otherBuilds.forEach((other, otherRuns) ->
                others.put(buildName(other), new JsonArray(otherRuns.stream().map(RunSummary::raw).toList())));
        return new JsonObject().put("title", title).put("build", build).put("environment", environment)
                .put("ratios", ratios).put("runs", all).put("otherBuilds", others);
    }
}
