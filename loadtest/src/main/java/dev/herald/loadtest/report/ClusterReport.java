package dev.herald.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code report-cluster --in DIR --out FILE [--environment FILE]}: turns the run reports of
 * {@code bench-cluster.sh} into one Markdown page. Reports are named {@code ramp-CASE.json} and
 * {@code fixed-ROUND-CASE.json}; each run's label is {@code "CASE: ROLE ROLE…"}, one role per
 * {@code --server-pid} in order, which names the columns of the per-process CPU.
 */
public final class ClusterReport {

    private static final String BASELINE = "herald-memory";
    private static final String CLUSTER = "herald-redis-2";
    private static final String PEER = "nchan-redis-2";
    private static final double EFFICIENCY_GOAL = 0.8;

    /** One run: its case, the role of each server process, and the step that counts. */
    private record Run(String caseName, List<String> roles, JsonObject report, JsonObject step) {

        double deliveries() {
            return step.getDouble("deliveriesPerSecond", 0.0);
        }

        double p99() {
            return step.getJsonObject("latencyMs", new JsonObject()).getDouble("p99", 0.0);
        }

        double serverCpu() {
            return step.getDouble("serverCpuPercent", 0.0);
        }

        double generatorCpu() {
            return step.getDouble("generatorCpuPercent", 0.0);
        }

        boolean generatorBound() {
            return GeneratorBound.step(step);
        }

        boolean correct() {
            return report.getJsonObject("correctness", new JsonObject()).getBoolean("ok", false)
                    && report.getInteger("exitCode", 1) == 0;
        }

        /** CPU of each server process, by role, in percent of one core. */
        Map<String, Double> cpuByRole() {
            Map<String, Double> byRole = new LinkedHashMap<>();
            JsonObject byPid = step.getJsonObject("serverCpuPercentByPid");
            if (byPid == null) {
                byRole.put(roles.get(0), serverCpu());
                return byRole;
            }
            List<String> pids = new ArrayList<>(byPid.fieldNames());
            for (int i = 0; i < pids.size() && i < roles.size(); i++) {
                byRole.put(roles.get(i), byPid.getDouble(pids.get(i)));
            }
            return byRole;
        }

        /** Milliseconds of server CPU per 100 000 deliveries, for a CPU share in percent of one core. */
        double cpuMsPer100k(double cpuPercent) {
            return deliveries() <= 0 ? Double.NaN : cpuPercent * 1e6 / deliveries();
        }
    }

    private ClusterReport() {
    }

    public static int run(String[] args, PrintStream out) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("in") || !options.containsKey("out")) {
            throw new IllegalArgumentException("report-cluster needs --in DIR --out FILE");
        }
        String environment = options.containsKey("environment") ? Files.readString(Path.of(options.get("environment"))) : "";
        Map<String, Run> ramps = new LinkedHashMap<>();
        Map<String, List<Run>> fixed = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of(options.get("in")))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonObject report = new JsonObject(Files.readString(file));
                String name = file.getFileName().toString();
                if (name.startsWith("ramp-")) {
                    Run run = run(report, report.getJsonObject("best", new JsonObject()));
                    ramps.put(run.caseName(), run);
                } else if (name.startsWith("fixed-")) {
                    JsonArray steps = report.getJsonArray("steps", new JsonArray());
                    Run run = run(report, steps.isEmpty() ? new JsonObject() : steps.getJsonObject(0));
                    fixed.computeIfAbsent(run.caseName(), k -> new ArrayList<>()).add(run);
                }
            }
        }
        Path target = Path.of(options.get("out"));
        Files.writeString(target, render(environment, ramps, fixed));
        out.printf("%d ramp and %d fixed-rate runs -> %s%n", ramps.size(),
                fixed.values().stream().mapToInt(List::size).sum(), target);
        return 0;
    }

    private static Run run(JsonObject report, JsonObject step) {
        String label = report.getString("label", "");
        int colon = label.indexOf(':');
        String caseName = colon < 0 ? label : label.substring(0, colon);
        List<String> roles = colon < 0 ? List.of("server") : List.of(label.substring(colon + 1).trim().split("\\s+"));
        return new Run(caseName, roles, report, step);
    }

    static String render(String environment, Map<String, Run> ramps, Map<String, List<Run>> fixed) {
        StringBuilder md = new StringBuilder("# Herald cluster benchmark: nodes on Redis\n\n");
        md.append("Generated by `loadtest/bench-cluster.sh`. SSE fan-out, 1 000 subscribers on one topic, 100-byte "
                + "events, published through node 1; with two nodes the subscribers alternate between them. Every "
                + "server process (Herald nodes, nginx instances, redis-server) is pinned to CPU 0, the load "
                + "generator to CPU 1, so two nodes share one core: compare their cost per delivery, not their sum "
                + "against one node. 64 publish streams, one publish in flight each. The generator's one core limits "
                + "the highest rates (flagged ⚑); the CPU a server spends per delivery at a given rate is its own.\n\n");
        renderGoals(md, ramps, fixed);
        renderFixed(md, fixed);
        renderRamps(md, ramps);
        md.append("## Environment\n\n```\n").append(environment.strip()).append("\n```\n");
        return md.toString();
    }

    private static void renderGoals(StringBuilder md, Map<String, Run> ramps, Map<String, List<Run>> fixed) {
        md.append("## Goals\n\n");
        double baseline = medianCpuMs(fixed.get(BASELINE), null);
        double cluster = medianCpuMs(fixed.get(CLUSTER), null);
        double peer = medianCpuMs(fixed.get(PEER), null);
        if (Double.isFinite(baseline) && Double.isFinite(cluster)) {
            double ratio = baseline / cluster;
            md.append(String.format(Locale.ROOT, "- **2 Herald nodes on Redis, per node, vs 1 in-memory node: %.2f×** "
                            + "(goal ≥ %.1f× %s). Deliveries per unit of server CPU, Redis included: %s vs %s ms of "
                            + "CPU per 100 000 deliveries at a fixed rate; a node on its own core would deliver this "
                            + "share of what the in-memory node does.%n",
                    ratio, EFFICIENCY_GOAL, ratio >= EFFICIENCY_GOAL ? "✓" : "✗", number(cluster), number(baseline)));
        }
        if (Double.isFinite(peer) && Double.isFinite(cluster)) {
            double ratio = peer / cluster;
            md.append(String.format(Locale.ROOT, "- **2 Herald nodes vs 2 Nchan instances, both on Redis: %.2f×** the "
                            + "deliveries per unit of CPU (%s vs %s ms per 100 000 deliveries) %s.%n",
                    ratio, number(cluster), number(peer), ratio > 1 ? "✓" : "✗"));
        }
        Run clusterRamp = ramps.get(CLUSTER);
        Run peerRamp = ramps.get(PEER);
        if (clusterRamp != null && peerRamp != null && peerRamp.deliveries() > 0) {
            md.append(String.format(Locale.ROOT, "- Ramp, deliveries/s at p99 ≤ 100 ms: %s (Herald) vs %s (Nchan), "
                            + "%.2f×%s.%n",
                    number(clusterRamp.deliveries()), number(peerRamp.deliveries()),
                    clusterRamp.deliveries() / peerRamp.deliveries(),
                    clusterRamp.generatorBound() || peerRamp.generatorBound()
                            ? " (generator-bound ⚑: the generator was saturated, so this ratio understates the gap)"
                            : ""));
        }
        md.append('\n');
    }

    private static void renderFixed(StringBuilder md, Map<String, List<Run>> fixed) {
        if (fixed.isEmpty()) {
            return;
        }
        md.append("## Server CPU per delivery at a fixed rate\n\n");
        Run any = fixed.values().iterator().next().get(0);
        md.append(String.format(Locale.ROOT, "%s publishes/s × 1 000 subscribers, the same rate for every case (the generator's core is "
                        + "busy there; a rate the generator could not offer shows as fewer deliveries/s); "
                        + "cases alternated, %d round(s), medians shown (each round's figure in brackets). CPU is "
                        + "in %% of one core; \"ms / 100k\" is milliseconds of CPU per 100 000 deliveries.%n%n",
                number(any.step().getDouble("targetRate", 0.0)), fixed.values().stream().mapToInt(List::size).max().orElse(0)));
        md.append("| case | deliveries/s | p99 ms | server CPU % | by process (CPU %) | ms / 100k, all | by process (ms / 100k) "
                + "| generator CPU % | correct |\n|---|---:|---:|---:|---|---:|---|---:|---|\n");
        for (Map.Entry<String, List<Run>> entry : fixed.entrySet()) {
            List<Run> runs = entry.getValue();
            StringBuilder byProcess = new StringBuilder();
            StringBuilder byProcessMs = new StringBuilder();
            for (String role : runs.get(0).roles()) {
                byProcess.append(byProcess.isEmpty() ? "" : ", ").append(role).append(' ')
                        .append(number(median(runs.stream().map(r -> r.cpuByRole().getOrDefault(role, Double.NaN)).toList())));
                byProcessMs.append(byProcessMs.isEmpty() ? "" : ", ").append(role).append(' ')
                        .append(number(medianCpuMs(runs, role)));
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | **%s** [%s] | %s | %s | %s |%n", entry.getKey(),
                    number(median(runs.stream().map(Run::deliveries).toList())),
                    number(median(runs.stream().map(Run::p99).toList())),
                    number(median(runs.stream().map(Run::serverCpu).toList())),
                    byProcess, number(medianCpuMs(runs, null)),
                    String.join(", ", runs.stream().map(r -> number(r.cpuMsPer100k(r.serverCpu()))).toList()),
                    byProcessMs, number(median(runs.stream().map(Run::generatorCpu).toList())),
                    runs.stream().allMatch(Run::correct) ? "yes" : "**no**"));
        }
        md.append('\n');
    }

    private static void renderRamps(StringBuilder md, Map<String, Run> ramps) {
        if (ramps.isEmpty()) {
            return;
        }
        md.append("## Highest deliveries/s with p99 ≤ 100 ms (rate doubling each step)\n\n");
        md.append("One run per case. ").append(GeneratorBound.LEGEND).append(". Saturation: deliveries/s of the "
                + "highest passing rate, deliveries per server CPU-second there, and the bracket (publishes/s) the "
                + "server's limit lies in.\n\n");
        md.append("| case | deliveries/s | p99 ms | per node: deliveries/s, p99 ms | server CPU % | by process (CPU %) "
                + "| generator CPU % | capacity (p99 ≤ 1 s): deliveries/s, p99 ms | saturation | stopped | correct |\n"
                + "|---|---:|---:|---|---:|---|---:|---|---|---|---|\n");
        for (Run run : ramps.values()) {
            JsonObject capacity = run.report().getJsonObject("capacity", new JsonObject());
            String capacityCell = capacity.isEmpty() ? "—" : number(capacity.getDouble("deliveriesPerSecond"))
                    + GeneratorBound.mark(GeneratorBound.step(capacity)) + ", "
                    + number(capacity.getJsonObject("latencyMs").getDouble("p99"));
            if (run.step().isEmpty()) {
                md.append("| ").append(run.caseName()).append(" | no step within the bound | | | | | | ")
                        .append(capacityCell).append(" | ").append(saturation(run)).append(" | ")
                        .append(run.report().getString("stopReason", "")).append(" | ")
                        .append(run.correct() ? "yes" : "**no**").append(" |\n");
                continue;
            }
            StringBuilder nodes = new StringBuilder();
            JsonArray perNode = run.step().getJsonArray("nodes", new JsonArray());
            for (int i = 0; i < perNode.size(); i++) {
                JsonObject node = perNode.getJsonObject(i);
                nodes.append(nodes.isEmpty() ? "" : "; ").append("node ").append(i + 1).append(": ")
                        .append(number(node.getDouble("deliveriesPerSecond"))).append(", ")
                        .append(number(node.getJsonObject("latencyMs").getDouble("p99")));
            }
            StringBuilder byProcess = new StringBuilder();
            run.cpuByRole().forEach((role, cpu) ->
                    byProcess.append(byProcess.isEmpty() ? "" : ", ").append(role).append(' ').append(number(cpu)));
            md.append(String.format(Locale.ROOT, "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", run.caseName(),
                    number(run.deliveries()), GeneratorBound.mark(run.generatorBound()), number(run.p99()),
                    nodes.isEmpty() ? "—" : nodes, number(run.serverCpu()), byProcess, number(run.generatorCpu()),
                    capacityCell, saturation(run),
                    run.report().getString("stopReason", ""), run.correct() ? "yes" : "**no**"));
        }
        md.append('\n');
    }

    private static String saturation(Run run) {
        String text = SaturationText.of(run.report(), ClusterReport::number);
        return text.isEmpty() ? "—" : text;
    }

    /** Median CPU ms per 100k deliveries over the runs: of all server processes, or of one role. */
    private static double medianCpuMs(List<Run> runs, String role) {
        if (runs == null) {
            return Double.NaN;
        }
        return median(runs.stream()
                .map(r -> r.cpuMsPer100k(role == null ? r.serverCpu() : r.cpuByRole().getOrDefault(role, Double.NaN)))
                .toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(Double::isFinite).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return "—";
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value).replace(',', ' ');
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : "%.1f", value);
    }
}
