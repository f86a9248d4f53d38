package dev.herald.loadtest.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as one self-contained HTML page: a throughput chart per mode (inline SVG) and the tables. */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(String title, String environment, Map<String, Map<String, RunSummary>> cases,
            List<Comparison> comparisons, List<String> targets) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(SvgBarChart.escape(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}th{background:#f3f3f3}")
                .append(".bad{color:#b00020;font-weight:bold}.good{color:#1b7f3a;font-weight:bold}pre{background:#f7f7f7;padding:1em}")
                .append("</style></head><body>\n<h1>").append(SvgBarChart.escape(title)).append("</h1>\n");

        for (Map.Entry<String, Map<String, Map<String, Double>>> chart : throughputCharts(cases).entrySet()) {
            html.append(SvgBarChart.render("Best deliveries/s with p99 ≤ 100 ms — " + chart.getKey(), targets, chart.getValue()));
        }

        html.append("<h2>Herald against its peers</h2>\n<p>A ratio above 1× means Herald did better.</p>\n<table><tr>")
                .append("<th>mode</th><th>case</th><th>peer</th><th>Herald</th><th>peer</th><th>ratio</th><th>goal</th></tr>\n");
        for (Comparison c : comparisons) {
            String goal = c.goal() <= 0 ? "—" : String.format(Locale.ROOT, "≥ %.0f× <span class=\"%s\">%s</span>",
                    c.goal(), c.met() ? "good" : "bad", c.met() ? "met" : "missed");
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td><b>%s</b></td><td>%s</td></tr>%n",
                    SvgBarChart.escape(c.mode()), SvgBarChart.escape(c.what()), c.peer(), MarkdownReport.number(c.herald()),
                    MarkdownReport.number(c.peerValue()), c.ratioText(), goal));
        }
        html.append("</table>\n");

        String mode = null;
        for (Map<String, RunSummary> byTarget : cases.values()) {
            RunSummary any = byTarget.values().iterator().next();
            if (!any.mode().equals(mode)) {
                if (mode != null) {
                    html.append("</table>\n");
                }
                mode = any.mode();
                html.append("<h2>Mode: ").append(SvgBarChart.escape(mode)).append("</h2>\n<table><tr><th>case</th><th>measure</th>");
                targets.forEach(t -> html.append("<th>").append(t).append("</th>"));
                html.append("</tr>\n");
            }
            html.append("<tr><td>").append(SvgBarChart.escape(any.caseTitle())).append("</td><td>")
                    .append(SvgBarChart.escape(any.unit())).append("</td>");
            for (String target : targets) {
                RunSummary run = byTarget.get(target);
                String css = run != null && (!run.correct() || !run.connectionsOk()) ? " class=\"bad\"" : "";
                html.append("<td").append(css).append('>').append(run == null ? "—" : SvgBarChart.escape(run.cell())).append("</td>");
            }
            html.append("</tr>\n");
        }
        if (mode != null) {
            html.append("</table>\n");
        }
        html.append("<p>✗ = correctness failure; ⚠ = connect failures or dropped connections; ⚑ = generator-bound: a receiving ")
                .append("or publishing loop of the load generator above 80 % of a core in that step, so the figure is a lower bound for the server.</p>\n");
        if (!environment.isBlank()) {
            html.append("<h2>Machine, versions and commands</h2>\n<pre>").append(SvgBarChart.escape(environment.strip()))
                    .append("</pre>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    /** mode → (case title → (target → best deliveries/s)), fan-out and many-topics only. */
    private static Map<String, Map<String, Map<String, Double>>> throughputCharts(Map<String, Map<String, RunSummary>> cases) {
        Map<String, Map<String, Map<String, Double>>> charts = new LinkedHashMap<>();
        for (Map<String, RunSummary> byTarget : cases.values()) {
            for (RunSummary run : byTarget.values()) {
                if (run.scenario().equals("fanout") || run.scenario().equals("many-topics")) {
                    String group = run.caseTitle().replace(", ", " ");
                    charts.computeIfAbsent(run.mode(), m -> new LinkedHashMap<>())
                            .computeIfAbsent(group, g -> new LinkedHashMap<>()).put(run.target(), run.headline());
                }
            }
        }
        return charts;
    }
}
