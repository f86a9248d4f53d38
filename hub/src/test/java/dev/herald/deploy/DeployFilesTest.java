package dev.herald.deploy;

import dev.herald.config.ConfigLoader;
import dev.herald.config.ConfigOption;
import dev.herald.config.HeraldConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Dockerfile, compose stack and systemd unit under {@code deploy/} agree with the code. */
class DeployFilesTest {
    private static final Set<String> OPTION_VARIABLES = ConfigOption.ALL.stream()
            .map(ConfigOption::environmentVariable).collect(Collectors.toSet());
    /** HERALD_* variables that are not options: the config file's path. */
    private static final Set<String> OTHER_VARIABLES = Set.of("HERALD_CONFIG");

    private static final HeraldConfig DEFAULTS = ConfigLoader.load(new String[] {"--anonymous"}, Map.of());
    private static final int DEFAULT_PORT = DEFAULTS.server().port();
    /** What SIGTERM may take with the default options: the drain, then the rest of the stop. */
    private static final Duration STOP_TIME = DEFAULTS.server().drainWindow().plus(DEFAULTS.server().shutdownTimeout());

    @Test
    void everyHeraldVariableNamedAnywhereIsAnOption() {
        for (String file : List.of("Dockerfile", "compose.yaml", "systemd/herald.service", "README.md")) {
            Matcher names = Pattern.compile("HERALD_[A-Z0-9_]+").matcher(DeployFiles.read(file));
            while (names.find()) {
                String name = names.group();
                assertTrue(OPTION_VARIABLES.contains(name) || OTHER_VARIABLES.contains(name),
                        file + " names " + name + ", which no option reads");
            }
        }
    }

    @Test
    void theDockerfileBuildsTheJarAndRunsItAsTheJvmItself() {
        String dockerfile = DeployFiles.read("Dockerfile");
        assertTrue(dockerfile.contains("mvn -q -B package -DskipTests"), "builds with Maven");
        // The jar the build names in hub/pom.xml (finalName), the one README's run command starts.
        String finalName = DeployFiles.read("../hub/pom.xml").replaceAll("(?s).*<finalName>([^<]+)</finalName>.*", "$1");
        assertTrue(dockerfile.contains("hub/target/" + finalName + ".jar "), "copies hub/target/" + finalName + ".jar");
        assertEquals(2, count(dockerfile, "(?m)^FROM "), "a build stage and a runtime stage");
        assertTrue(dockerfile.contains("EXPOSE " + DEFAULT_PORT), "exposes the default listen port");
        assertTrue(dockerfile.contains("STOPSIGNAL SIGTERM"));
        assertTrue(Pattern.compile("(?m)^USER (?!root|0)").matcher(dockerfile).find(), "runs as a non-root user");
        assertTrue(Pattern.compile("(?m)^ENTRYPOINT \\[\"java\",").matcher(dockerfile).find(),
                "exec form, so SIGTERM reaches the JVM");
        assertTrue(dockerfile.contains("-XX:MaxRAMPercentage="), "heap sized from the memory limit");
        assertTrue(dockerfile.contains("--ulimit nofile="), "says how to raise the open-files limit");
        Matcher health = Pattern.compile("(?ms)^HEALTHCHECK .*?/dev/tcp/127\\.0\\.0\\.1/(\\d+).*?GET (/\\S+) ").matcher(dockerfile);
        assertTrue(health.find(), "a health check");
        assertEquals(DEFAULT_PORT, Integer.parseInt(health.group(1)));
        assertEquals("/healthz", health.group(2));
    }

    /**
     * The collector and its heap bounds are what the idle-memory figures were measured with: every
     * way of starting Herald here, and the benchmark, sets them alike.
     */
    @Test
    void everyLauncherAndTheBenchmarkSetTheSameCollectorFlags() {
        List<String> flags = List.of("-XX:+UseG1GC", "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=10");
        for (String file : List.of("Dockerfile", "systemd/herald.service", "../helm/herald/values.yaml", "../loadtest/bench.sh")) {
            String text = DeployFiles.read(file);
            for (String flag : flags) {
                assertTrue(text.contains(flag), file + " does not set " + flag);
            }
        }
    }

    @Test
    void theImageConfigFileIsTheExampleAndLoads() {
        String dockerfile = DeployFiles.read("Dockerfile");
        assertTrue(dockerfile.contains("COPY config/herald.yaml /etc/herald/herald.yaml"));
        assertTrue(dockerfile.contains("ENV HERALD_CONFIG=/etc/herald/herald.yaml"));
        Map<String, String> env = new LinkedHashMap<>(nodeEnvironmentWithKey());
        env.put("HERALD_CONFIG", DeployFiles.dir().resolveSibling("config/herald.yaml").toString());
        HeraldConfig config = ConfigLoader.load(new String[0], env);
        assertEquals(DEFAULT_PORT, config.server().port());
        assertEquals(List.of("172.28.0.10"), config.server().trustedProxies(), "compose's variables win over the file");
    }

    @Test
    void composeNodesShareRedisBehindTheBalancerTheyTrust() {
        Map<String, Object> lb = DeployFiles.service("lb");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> lbNetworks = (Map<String, Map<String, Object>>) lb.get("networks");
        String lbAddress = String.valueOf(lbNetworks.get("herald").get("ipv4_address"));
        for (String node : DeployFiles.NODES) {
            Map<String, String> env = DeployFiles.environment(node);
            assertEquals("redis://redis:6379", env.get("HERALD_REDIS_URL"), node);
            assertEquals("0", env.get("HERALD_MAX_CONNECTIONS_PER_IP"), node);
            assertEquals(lbAddress, env.get("HERALD_TRUSTED_PROXIES"), node + " trusts the load balancer only");
            assertTrue(DeployFiles.seconds(String.valueOf(DeployFiles.service(node).get("stop_grace_period")))
                    > STOP_TIME.toSeconds(), node + " gets longer than drain_window + shutdown_timeout to stop");
            assertEquals(true, DeployFiles.service(node).get("read_only"), node);
            String health = String.valueOf(((Map<?, ?>) DeployFiles.service(node).get("healthcheck")).get("test"));
            assertTrue(health.contains("/dev/tcp/127.0.0.1/" + DEFAULT_PORT) && health.contains("GET /readyz "), health);
        }
        String nginx = DeployFiles.read("nginx/herald.conf");
        for (String node : DeployFiles.NODES) {
            assertTrue(nginx.contains("server " + node + ":" + DEFAULT_PORT + ";"), "nginx sends clients to " + node);
        }
        for (String directive : List.of("proxy_http_version 1.1;", "proxy_buffering off;", "proxy_set_header Forwarded \"\";",
                "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Host $http_host;", "proxy_set_header X-Forwarded-For $remote_addr;")) {
            assertTrue(nginx.contains(directive), "nginx: " + directive);
        }
        assertTrue(DeployFiles.read("compose.yaml").contains("./nginx/herald.conf:/etc/nginx/conf.d/default.conf:ro"),
                "compose mounts the nginx config");
        @SuppressWarnings("unchecked")
        List<String> redisCommand = (List<String>) DeployFiles.service("redis").get("command");
        String redis = String.join(" ", redisCommand);
        assertTrue(redis.contains("--appendonly yes") && redis.contains("--maxmemory-policy noeviction"), redis);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesMetricsOnEveryNode() {
        Map<String, Object> prometheus = new Yaml().load(DeployFiles.read("prometheus/prometheus.yml"));
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertEquals("/metrics", job.get("metrics_path"));
        List<String> targets = (List<String>) ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");
        assertEquals(DeployFiles.NODES.stream().map(node -> node + ":" + DEFAULT_PORT).toList(), targets);
        assertTrue(DeployFiles.read("compose.yaml").contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithTheDashboard() {
        String compose = DeployFiles.read("compose.yaml");
        Matcher mount = Pattern.compile("\\./grafana/(herald-dashboard\\.json):(/\\S+)/herald-dashboard\\.json:ro").matcher(compose);
        assertTrue(mount.find(), "compose mounts the dashboard");
        assertTrue(Files.isRegularFile(DeployFiles.dir().resolve("grafana").resolve(mount.group(1))));
        Map<String, Object> provider = new Yaml().load(DeployFiles.read("grafana/provisioning/dashboards/herald.yaml"));
        Map<String, Object> options = (Map<String, Object>) ((List<Map<String, Object>>) provider.get("providers")).get(0).get("options");
        assertEquals(mount.group(2), options.get("path"), "the provider reads where compose mounts the dashboard");
        Map<String, Object> datasources = new Yaml().load(DeployFiles.read("grafana/provisioning/datasources/prometheus.yaml"));
        Map<String, Object> source = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertEquals("prometheus", source.get("type"));
        assertEquals(true, source.get("isDefault"), "the dashboard's data source variable picks the default");
        assertTrue(compose.contains("./grafana/provisioning:/etc/grafana/provisioning"));
    }

    @Test
    void theSystemdUnitRunsTheJarAndWaitsForTheDrain() {
        Map<String, String> unit = new LinkedHashMap<>();
        for (String line : DeployFiles.read("systemd/herald.service").lines().toList()) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                unit.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        assertTrue(unit.get("ExecStart").startsWith("/usr/bin/java ") && unit.get("ExecStart").contains(" -jar /opt/herald/herald.jar"));
        assertTrue(unit.get("ExecStart").endsWith("--config /etc/herald/herald.yaml"));
        assertTrue(DeployFiles.seconds(unit.get("TimeoutStopSec")) > STOP_TIME.toSeconds(), "TimeoutStopSec");
        assertEquals("SIGTERM", unit.get("KillSignal"));
        assertEquals("1048576", unit.get("LimitNOFILE"));
        assertEquals("-/etc/herald/herald.env", unit.get("EnvironmentFile"));
        assertEquals("on-failure", unit.get("Restart"));
        assertEquals("AF_INET AF_INET6 AF_UNIX", unit.get("RestrictAddressFamilies"));
        for (String hardening : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "ProtectKernelTunables", "DynamicUser")) {
            assertEquals("yes", unit.get(hardening), hardening);
        }
        assertEquals("strict", unit.get("ProtectSystem"));
    }

    @Test
    void theSysctlFileSetsTheConnectionLimits() {
        String sysctl = DeployFiles.read("sysctl/99-herald.conf");
        for (String key : List.of("fs.file-max", "net.core.somaxconn", "net.ipv4.ip_local_port_range", "net.netfilter.nf_conntrack_max")) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(key) + " = \\S").matcher(sysctl).find(), key);
        }
        assertFalse(sysctl.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#") && !line.contains(" = ")),
                "every line is a comment or key = value");
    }

    /** A node's compose environment with the key variable resolved, as compose would. */
    static Map<String, String> nodeEnvironmentWithKey() {
        Map<String, String> env = new LinkedHashMap<>();
        DeployFiles.environment(DeployFiles.NODES.get(0)).forEach((name, value) ->
                env.put(name, value.startsWith("${JWT_KEY") ? dev.herald.testing.TestHub.KEY : value));
        return env;
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }
}
