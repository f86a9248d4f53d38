package dev.herald.metrics;

import dev.herald.testing.Http;
import dev.herald.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deploy/grafana/herald-dashboard.json} loads as it is and asks only for series Herald exports. */
class GrafanaDashboardTest {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "bool");

    private static Path dashboard() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/grafana/herald-dashboard.json");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("deploy/grafana/herald-dashboard.json not found");
    }

    @Test
    void isADashboardWithAPrometheusDataSourceVariable() throws IOException {
        JsonObject json = new JsonObject(Files.readString(dashboard()));
        assertEquals(39, json.getInteger("schemaVersion"));
        List<String> variables = new ArrayList<>();
        json.getJsonObject("templating").getJsonArray("list").forEach(v -> variables.add(((JsonObject) v).getString("name")));
        assertTrue(variables.contains("DS_PROMETHEUS"), variables.toString());
        Set<Integer> ids = new TreeSet<>();
        for (Object panel : json.getJsonArray("panels")) {
            assertTrue(ids.add(((JsonObject) panel).getInteger("id")), "panel ids are unique");
        }
        assertFalse(expressions(json).isEmpty());
    }

    @Test
    void everyExpressionNamesOnlyMetricsTheHubExports() throws IOException {
        List<String> expressions = expressions(new JsonObject(Files.readString(dashboard())));
        Set<String> wanted = new TreeSet<>();
        expressions.forEach(expression -> wanted.addAll(metricNames(expression)));
        assertTrue(wanted.contains("herald_delivery_latency_seconds_bucket"), wanted.toString());
        try (TestHub hub = TestHub.start()) {
            Http.get(hub.baseUrl() + "/healthz");
            Set<String> missing = new TreeSet<>(wanted);
            long deadline = System.nanoTime() + 10_000_000_000L;
            // GC pauses are exported once one happened.
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                missing.removeAll(Scrape.of(hub).sampleNames());
            }
            assertEquals(Set.of(), missing, "series the dashboard asks for and /metrics does not export");
        }
    }

    private static List<String> expressions(JsonObject dashboard) {
        List<String> expressions = new ArrayList<>();
        for (Object panel : dashboard.getJsonArray("panels")) {
            JsonArray targets = ((JsonObject) panel).getJsonArray("targets", new JsonArray());
            targets.forEach(target -> expressions.add(((JsonObject) target).getString("expr")));
        }
        return expressions;
    }

    /** The metric names in a PromQL expression: its identifiers minus functions, keywords, labels and durations. */
    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")          // label values
                .replaceAll("\\{[^}]*}", " ")                           // label matchers
                .replaceAll("\\[[^]]*]", " ")                           // ranges
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ") // grouping labels
                .replaceAll("[a-zA-Z_][a-zA-Z0-9_]*\\s*\\(", "(");       // functions and aggregations
        Set<String> names = new TreeSet<>();
        Matcher identifiers = IDENTIFIER.matcher(bare);
        while (identifiers.find()) {
            String name = identifiers.group();
            boolean partOfNumber = identifiers.start() > 0 && Character.isDigit(bare.charAt(identifiers.start() - 1));
            if (!KEYWORDS.contains(name) && !partOfNumber) {
                names.add(name);
            }
        }
        return names;
    }
}
