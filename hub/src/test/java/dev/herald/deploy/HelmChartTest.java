package dev.herald.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.herald.config.ConfigLoader;
import dev.herald.config.ConfigOption;
import dev.herald.config.HeraldConfig;
import dev.herald.testing.Http;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.herald.deploy.RenderedChart.list;
import static dev.herald.deploy.RenderedChart.map;
import static dev.herald.deploy.RenderedChart.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart in {@code helm/herald}, linted and rendered by a real Helm engine; what it
 * renders is checked against what the hub reads and serves: the container's environment is
 * loaded by {@link ConfigLoader}, and the probe and scrape paths are asked of a running hub.
 */
class HelmChartTest {
    private static final String PUBLISHER_KEY = "publisher-hmac-secret-0123456789-abcdefghij";
    private static final String SUBSCRIBER_KEY = "subscriber-hmac-secret-0123456789-abcdefghi";
    private static final String REDIS_URL = "redis://:pw@redis-master.herald.svc:6379/0";

    private static Map<String, Object> withKeys(Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("jwt.publisherKey", PUBLISHER_KEY);
        values.put("jwt.subscriberKey", SUBSCRIBER_KEY);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return values;
    }

    private static Map<String, Object> clusterOfThree() {
        return withKeys("replicaCount", 3, "redis.url", REDIS_URL, "ingress.enabled", true,
                "metrics.serviceMonitor.enabled", true, "autoscaling.enabled", false);
    }

    /** The configuration the hub builds from the container's environment. */
    private static HeraldConfig hubConfig(RenderedChart chart) {
        return ConfigLoader.load(new String[0], chart.environment());
    }

    private static int defaultPort() {
        String listen = ConfigOption.ALL.stream().filter(o -> o.name().equals("listen")).findFirst().orElseThrow()
                .defaultValue();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    @Test
    void lintIsClean() {
        LintResult result = new Helm(RenderedChart.chartDir()).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                () -> String.join("\n", result.getMessages()));
    }

    @Test
    void defaultValuesRenderOneHardenedNodeWithoutOptionalObjects() {
        RenderedChart chart = RenderedChart.render(Map.of());
        Map<String, Object> deployment = chart.one("Deployment");
        assertEquals(1, path(deployment, "spec", "replicas"));
        assertTrue(chart.has("Service") && chart.has("PodDisruptionBudget"));
        for (String optional : List.of("HorizontalPodAutoscaler", "Ingress", "ServiceMonitor", "ConfigMap", "Secret")) {
            assertFalse(chart.has(optional), optional + " rendered by default");
        }

        Map<String, Object> pod = map(path(deployment, "spec", "template", "spec"));
        assertEquals(true, path(pod, "securityContext", "runAsNonRoot"));
        Map<String, Object> container = chart.container();
        assertEquals(true, path(container, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(false, path(container, "securityContext", "allowPrivilegeEscalation"));
        assertTrue(list(container.get("volumeMounts")).stream().anyMatch(m -> "/tmp".equals(m.get("mountPath"))));
        assertTrue(list(pod.get("volumes")).stream().anyMatch(v -> "tmp".equals(v.get("name")) && v.containsKey("emptyDir")));
        assertTrue(map(path(container, "resources", "limits")).containsKey("memory"));

        // No key in the values: the hub would refuse to start, and NOTES.txt says so.
        assertFalse(chart.environment().containsKey(publisherKeyVariable()));
    }

    @Test
    void probesAndScrapeUseThePortAndPathsTheHubServes() {
        RenderedChart chart = RenderedChart.render(clusterOfThree());
        Map<String, Object> container = chart.container();
        Map<String, Integer> ports = list(container.get("ports")).stream()
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> (Integer) p.get("containerPort")));

        HeraldConfig config = hubConfig(chart);
        assertEquals(defaultPort(), config.server().port());
        String livenessPath = (String) path(container, "livenessProbe", "httpGet", "path");
        String readinessPath = (String) path(container, "readinessProbe", "httpGet", "path");
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            Object port = path(container, probe, "httpGet", "port");
            assertEquals(config.server().port(), ports.get(port), probe + " port");
        }
        Object serviceTarget = list(path(chart.one("Service"), "spec", "ports")).get(0).get("targetPort");
        assertEquals(config.server().port(), ports.get(serviceTarget), "Service targetPort");
        Map<String, Object> scrape = list(path(chart.one("ServiceMonitor"), "spec", "endpoints")).get(0);
        assertEquals("http", scrape.get("port"));

        try (TestHub hub = TestHub.start()) {
            assertEquals(200, Http.get(hub.baseUrl() + livenessPath).status(), livenessPath);
            assertEquals(200, Http.get(hub.baseUrl() + readinessPath).status(), readinessPath);
            assertEquals(200, Http.get(hub.baseUrl() + scrape.get("path")).status(), (String) scrape.get("path"));
        }
    }

    @Test
    void keysAndRedisReachTheVariablesTheHubReads() {
        RenderedChart chart = RenderedChart.render(clusterOfThree());
        assertEquals(3, path(chart.one("Deployment"), "spec", "replicas"));

        Set<String> known = ConfigOption.ALL.stream().map(ConfigOption::environmentVariable).collect(Collectors.toSet());
        for (String name : chart.environment().keySet()) {
            assertTrue(!name.startsWith("HERALD_") || known.contains(name), name + " is no Herald option");
        }
        HeraldConfig config = hubConfig(chart);
        assertEquals(PUBLISHER_KEY, config.auth().publisherJwtKey());
        assertEquals(SUBSCRIBER_KEY, config.auth().subscriberJwtKey());
        assertEquals(REDIS_URL, config.redis().url());
        // Behind the Ingress every client has the controller's address: no per-address cap.
        assertEquals(0, config.connections().maxConnectionsPerIp());
    }

    @Test
    void existingSecretsAreReferencedAndNoSecretIsRendered() {
        RenderedChart chart = RenderedChart.render(Map.of("replicaCount", 2, "jwt.existingSecret", "herald-keys",
                "redis.existingSecret", "redis-credentials", "redis.existingSecretKey", "url"));
        assertFalse(chart.has("Secret"));
        Map<String, Map<String, Object>> refs = list(chart.container().get("env")).stream()
                .filter(v -> v.containsKey("valueFrom"))
                .collect(Collectors.toMap(v -> (String) v.get("name"), v -> map(path(v, "valueFrom", "secretKeyRef"))));
        assertEquals("herald-keys", refs.get(publisherKeyVariable()).get("name"));
        assertEquals("publisher-jwt-key", refs.get(publisherKeyVariable()).get("key"));
        assertEquals("redis-credentials", refs.get("HERALD_REDIS_URL").get("name"));
        assertEquals("url", refs.get("HERALD_REDIS_URL").get("key"));
    }

    @Test
    void moreThanOneReplicaWithoutRedisFailsToRender() {
        for (Map<String, Object> values : List.of(withKeys("replicaCount", 3), withKeys("autoscaling.enabled", true))) {
            Exception failure = assertThrows(Exception.class, () -> RenderedChart.render(values), values.toString());
            assertTrue(failure.getMessage().contains("needs a shared Redis: set redis.url or redis.existingSecret"),
                    failure.getMessage());
        }
        RenderedChart autoscaled = RenderedChart.render(withKeys("autoscaling.enabled", true, "redis.url", REDIS_URL));
        assertTrue(autoscaled.has("HorizontalPodAutoscaler"));
        assertNull(path(autoscaled.one("Deployment"), "spec", "replicas"), "replicas are the autoscaler's");
    }

    @Test
    void ingressCarriesTheAnnotationsEventStreamsNeed() {
        RenderedChart chart = RenderedChart.render(clusterOfThree());
        Map<String, Object> annotations = map(path(chart.one("Ingress"), "metadata", "annotations"));
        assertEquals("off", annotations.get("nginx.ingress.kubernetes.io/proxy-buffering"));
        // Longer than any idle spell of a stream: heartbeats and pings come far more often.
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            int seconds = Integer.parseInt((String) annotations.get("nginx.ingress.kubernetes.io/" + timeout));
            HeraldConfig config = hubConfig(chart);
            assertTrue(seconds > config.subscribers().heartbeatInterval().toSeconds()
                    && seconds > config.webSocket().pingInterval().toSeconds(), timeout + " " + seconds);
        }
    }

    @Test
    void gracePeriodCoversPreStopDrainAndShutdown() {
        for (Map<String, Object> values : List.of(clusterOfThree(), withKeys("shutdown.drainWindowSeconds", 20,
                "shutdown.timeoutSeconds", 45))) {
            RenderedChart chart = RenderedChart.render(values);
            Map<String, Object> pod = map(path(chart.one("Deployment"), "spec", "template", "spec"));
            HeraldConfig config = hubConfig(chart);
            long preStop = ((Number) path(chart.container(), "lifecycle", "preStop", "sleep", "seconds")).longValue();
            assertTrue(preStop > 0);
            long needed = preStop + config.server().drainWindow().toSeconds() + config.server().shutdownTimeout().toSeconds();
            assertTrue(((Number) pod.get("terminationGracePeriodSeconds")).longValue() >= needed, values.toString());
        }
        Exception tooShort = assertThrows(Exception.class,
                () -> RenderedChart.render(withKeys("shutdown.terminationGracePeriodSeconds", 10)));
        assertTrue(tooShort.getMessage().contains("terminationGracePeriodSeconds must be at least"), tooShort.getMessage());
    }

    @Test
    void configFileIsMountedWhereHeraldConfigPoints(@TempDir Path dir) throws IOException {
        RenderedChart chart = RenderedChart.render(withKeys("config.anonymous", true, "config.history_size", 500));
        Map<String, String> environment = chart.environment();
        Path configured = Path.of(environment.get("HERALD_CONFIG"));
        assertTrue(list(chart.container().get("volumeMounts")).stream()
                .anyMatch(m -> configured.getParent().toString().equals(m.get("mountPath"))));

        Path file = dir.resolve("herald.yaml");
        Files.writeString(file, (String) map(chart.one("ConfigMap").get("data")).get(configured.getFileName().toString()));
        environment.put("HERALD_CONFIG", file.toString());
        HeraldConfig config = ConfigLoader.load(new String[0], environment);
        assertTrue(config.auth().anonymous());
        assertEquals(500, config.history().size());
    }

    private static String publisherKeyVariable() {
        return ConfigOption.ALL.stream().filter(o -> o.name().equals("publisher_jwt_key")).findFirst().orElseThrow()
                .environmentVariable();
    }
}
