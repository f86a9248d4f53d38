package dev.herald.config;

import dev.herald.testing.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration sources and their precedence: flags over environment over YAML file over defaults. */
class ConfigLoaderTest {

    private static HeraldConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(args, env);
    }

    private static ConfigException refused(String... args) {
        return assertThrows(ConfigException.class, () -> load(Map.of(), args));
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        HeraldConfig config = load(Map.of());
        assertEquals("0.0.0.0", config.server().host());
        assertEquals(8080, config.server().port());
        assertFalse(config.server().dev());
        assertFalse(config.auth().anonymous());
        assertEquals("mercureAuthorization", config.auth().cookieName());
        assertEquals(10_000, config.history().size());
        assertEquals(Duration.ZERO, config.history().maxAge());
        assertEquals(Duration.ofSeconds(15), config.subscribers().heartbeatInterval());
        assertEquals(100, config.subscribers().maxTopics());
        assertEquals(2048, config.subscribers().maxSelectorLength());
        assertEquals(1024 * 1024, config.publish().maxBodySize());
        assertEquals(List.of(), config.server().corsOrigins());
        assertEquals(List.of(), config.auth().jwtAlgorithms());
        assertEquals(List.of(), config.server().trustedProxies());
        assertEquals(1000, config.publish().rateLimitPerSecond());
        assertEquals(2000, config.publish().burst());
    }

    @Test
    void jwtAudienceAndIssuerAreUnsetByDefaultAndReadFromTheirOptions() {
        HeraldConfig defaults = load(Map.of());
        assertNull(defaults.auth().jwtAudience());
        assertNull(defaults.auth().jwtIssuer());
        HeraldConfig set = load(Map.of("HERALD_JWT_ISSUER", " https://issuer.example.com "),
                "--jwt-audience", "https://hub.example.com/.well-known/mercure");
        assertEquals("https://hub.example.com/.well-known/mercure", set.auth().jwtAudience());
        assertEquals("https://issuer.example.com", set.auth().jwtIssuer());
        assertNull(load(Map.of(), "--jwt-audience", " ").auth().jwtAudience(), "blank means unset");
    }

    @Test
    void publishRateAndTrustedProxiesAreReadFromTheirOptions() {
        HeraldConfig config = load(Map.of("HERALD_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8"),
                "--publish-rate-limit", "0", "--publish-burst", "5");
        assertEquals(List.of("10.0.0.0/8", "fd00::/8"), config.server().trustedProxies());
        assertEquals(0, config.publish().rateLimitPerSecond(), "0 turns the limit off");
        assertEquals(5, config.publish().burst());
        assertTrue(refused("--publish-burst", "0").getMessage().contains("publish_burst"));
        assertTrue(refused("--publish-rate-limit", "-1").getMessage().contains("publish_rate_limit"));
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFileWhichWinsOverDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("herald.yaml");
        Files.writeString(file, """
                history_size: 1
                heartbeat_interval: 1s
                cookie_name: fromFile
                """);
        HeraldConfig config = load(Map.of("HERALD_HISTORY_SIZE", "2", "HERALD_HEARTBEAT_INTERVAL", "2s"),
                "--config", file.toString(), "--history-size", "3");
        assertEquals(3, config.history().size(), "flag over environment");
        assertEquals(Duration.ofSeconds(2), config.subscribers().heartbeatInterval(), "environment over file");
        assertEquals("fromFile", config.auth().cookieName(), "file over default");
        assertEquals(100, config.subscribers().maxTopics(), "default");
    }

    @Test
    void configFileCanBeNamedByHeraldConfig(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("herald.yaml");
        Files.writeString(file, "history_size: 7\ncors_origins: [https://a.example, https://b.example]\n");
        HeraldConfig config = load(Map.of("HERALD_CONFIG", file.toString()));
        assertEquals(7, config.history().size());
        assertEquals(List.of("https://a.example", "https://b.example"), config.server().corsOrigins());
    }

    @Test
    void redisIsOffByDefaultAndReadFromItsOptions() {
        assertFalse(load(Map.of()).redis().enabled(), "one node in memory unless Redis is configured");
        RedisSettings redis = load(Map.of("HERALD_REDIS_URL", "rediss://:secret@redis.internal:6380/2"),
                "--redis-key-prefix", "shop", "--redis-timeout", "500ms").redis();
        assertTrue(redis.enabled());
        assertEquals("rediss://:secret@redis.internal:6380/2", redis.url());
        assertEquals("shop", redis.keyPrefix());
        assertEquals(Duration.ofMillis(500), redis.timeout());
        assertEquals(Duration.ofSeconds(2), load(Map.of(), "--redis-url", "redis://[::1]:6379").redis().timeout());

        RedisSettings sentinel = load(Map.of(), "--redis-sentinels", "s1:26379, s2:26379", "--redis-master-name", "main")
                .redis();
        assertTrue(sentinel.enabled(), "Sentinels alone are enough");
        assertEquals(List.of("s1:26379", "s2:26379"), sentinel.sentinels());
        assertEquals("main", sentinel.masterName());
    }

    @Test
    void badRedisSettingsAreRefusedWithoutShowingThePassword() {
        ConfigException badUrl = refused("--redis-url", "http://:hunter2@redis:6379");
        assertTrue(badUrl.getMessage().contains("redis_url"), badUrl.getMessage());
        assertFalse(badUrl.getMessage().contains("hunter2"), "the password stays out of the message");
        assertTrue(refused("--redis-sentinels", "sentinel-without-port").getMessage().contains("redis_sentinels"));
        assertTrue(refused("--redis-url", "redis://r:6379", "--redis-key-prefix", "a{b}").getMessage()
                .contains("redis_key_prefix"));
        assertTrue(refused("--redis-url", "redis://r:6379", "--redis-timeout", "0").getMessage().contains("redis_timeout"));
        ConfigException tooLittleHistory = refused("--redis-url", "redis://r:6379", "--history-size", "10");
        assertTrue(tooLittleHistory.getMessage().contains("history_size must be at least 1000"),
                tooLittleHistory.getMessage());
    }

    @Test
    void flagsAcceptDashesUnderscoresAndEquals() {
        assertEquals(5, load(Map.of(), "--history-size", "5").history().size());
        assertEquals(6, load(Map.of(), "--history_size", "6").history().size());
        assertEquals(7, load(Map.of(), "--history-size=7").history().size());
    }

    @Test
    void valuesUseUnits() {
        HeraldConfig config = load(Map.of(), "--heartbeat-interval", "250ms", "--history-max-age", "2h",
                "--max-body-size", "512KiB", "--max-queue-bytes", "2MiB");
        assertEquals(Duration.ofMillis(250), config.subscribers().heartbeatInterval());
        assertEquals(Duration.ofHours(2), config.history().maxAge());
        assertEquals(512 * 1024, config.publish().maxBodySize());
        assertEquals(2 * 1024 * 1024, config.subscribers().maxQueueBytes());
    }

    @Test
    void theHubUrlDefaultsToTheWellKnownPathAndIsReadFromItsOption() {
        assertEquals(URI.create("https://localhost/.well-known/mercure"), load(Map.of()).server().hubUrl());
        assertEquals(URI.create("https://hub.example.com/events/.well-known/mercure"),
                load(Map.of("HERALD_HUB_URL", "https://hub.example.com/events/.well-known/mercure")).server().hubUrl());
    }

    @Test
    void theDrainWindowMustEndBeforeTheShutdownTimeout() {
        HeraldConfig defaults = load(Map.of());
        assertEquals(Duration.ofSeconds(5), defaults.server().drainWindow());
        assertEquals(Duration.ofSeconds(15), defaults.server().shutdownTimeout());
        assertEquals(Duration.ZERO, load(Map.of(), "--drain-window", "0").server().drainWindow());
        ConfigException tooLong = refused("--drain-window", "20s");
        assertTrue(tooLong.getMessage().contains("drain_window (20s) must be shorter than shutdown_timeout (15s)"),
                tooLong.getMessage());
        assertTrue(refused("--shutdown-timeout", "0").getMessage().contains("shutdown_timeout"));
    }

    @Test
    void pemKeyCanFollowItsFlag() {
        String pem = Pem.encode(Pem.ec("secp256r1").getPublic());
        HeraldConfig config = load(Map.of(), "--publisher-jwt-key", pem, "--subscriber-jwt-key", pem, "--anonymous");
        assertEquals(pem, config.auth().publisherJwtKey());
        assertTrue(config.auth().anonymous());
    }

    @Test
    void unknownFlagIsAnError() {
        ConfigException error = refused("--histroy-size", "5");
        assertTrue(error.getMessage().contains("--histroy-size"), error.getMessage());
    }

    @Test
    void unknownKeyInTheFileIsAnError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("herald.yaml");
        Files.writeString(file, "history_sise: 5\n");
        ConfigException error = refused("--config", file.toString());
        assertTrue(error.getMessage().contains("history_sise"), error.getMessage());
    }

    @Test
    void unreadableOrMalformedFileIsAnError(@TempDir Path dir) throws IOException {
        assertTrue(refused("--config", dir.resolve("missing.yaml").toString()).getMessage().contains("missing.yaml"));
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- a\n- b\n");
        refused("--config", list.toString());
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "history_size: [1\n");
        refused("--config", broken.toString());
    }

    @Test
    void optionWithoutValueIsAnError() {
        assertTrue(refused("--history-size").getMessage().contains("history-size"));
        assertTrue(refused("history-size").getMessage().contains("history-size"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "listen|nohost",
            "listen|127.0.0.1:99999",
            "listen|127.0.0.1:http",
            "dev|maybe",
            "anonymous|perhaps",
            "event_loops|many",
            "event_loops|-1",
            "history_size|-1",
            "history_size|lots",
            "history_max_age|soon",
            "history_max_age|-5s",
            "heartbeat_interval|1 fortnight",
            "heartbeat_interval|99999999999999999999ms",
            "max_topics_per_subscription|0",
            "max_selector_length|abc",
            "max_body_size|1TB",
            "max_body_size|99999999999999999999",
            "max_body_size|99999999999GiB",
            "max_queue_bytes|lots",
            "hub_url|/.well-known/mercure",
            "hub_url|ftp://hub.example.com/.well-known/mercure",
            "hub_url|https://hub.example.com/.well-known/mercure?x=1",
            "hub_url|https://hub example.com/",
            // Shown in the metadata and every challenge's resource_metadata: no credentials, ASCII only.
            "hub_url|https://user:secret@hub.example.com/.well-known/mercure",
            "hub_url|https://hub.example.com/.well-known/m\u00e9rcure",
            "hub_url|https://hub.example.com/.well-known/mercure#events",
            "publisher_jwks_url|https://auth.example.com/cl\u00e9s.json"})
    void badValueIsAConfigErrorNamingTheOption(String option, String value) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> load(Map.of(), "--" + option.replace('_', '-') + "=" + value));
        assertTrue(error.getMessage().contains(option), error.getMessage());
        ConfigException fromEnvironment = assertThrows(ConfigException.class,
                () -> load(Map.of("HERALD_" + option.toUpperCase(), value)));
        assertTrue(fromEnvironment.getMessage().contains(option), fromEnvironment.getMessage());
    }
}
