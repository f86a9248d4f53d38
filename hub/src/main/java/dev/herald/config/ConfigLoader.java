package dev.herald.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration: defaults, then the YAML file ({@code --config} or {@code HERALD_CONFIG}),
 * then {@code HERALD_*} environment variables, then command-line flags; each later source wins.
 * Every value is validated here, once, so a bad setting stops Herald at startup with a clear message.
 */
public final class ConfigLoader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern FLAG = Pattern.compile("--[A-Za-z][A-Za-z0-9_-]*(=.*)?", Pattern.DOTALL);
    private static final Pattern REDIS_URL = Pattern.compile("rediss?://([^@/]*@)?([^@/:\\[\\]]+|\\[[0-9a-fA-F:.]+\\])(:\\d+)?(/\\d+)?");
    private static final Pattern HOST_PORT = Pattern.compile("[^:/@]+:\\d+");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB)?");

    /** The process's open-files limit, or a conservative guess where the JVM cannot tell. */
    private static final long OPEN_FILES_LIMIT = openFilesLimit();

    private ConfigLoader() {
    }

    private static long openFilesLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 1024;
    }

    /** True when the arguments ask for {@code --help}. */
    public static boolean wantsHelp(String[] args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    public static HeraldConfig load(String[] args, Map<String, String> environment) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigOption option : ConfigOption.ALL) {
            values.put(option.name(), option.defaultValue());
        }
        String file = flags.containsKey("config") ? flags.remove("config") : environment.get("HERALD_CONFIG");
        Map<String, String> explicit = new LinkedHashMap<>();
        if (file != null && !file.isBlank()) {
            explicit.putAll(readYaml(Path.of(file)));
        }
        for (ConfigOption option : ConfigOption.ALL) {
            String fromEnvironment = environment.get(option.environmentVariable());
            if (fromEnvironment != null) {
                explicit.put(option.name(), fromEnvironment);
            }
        }
        explicit.putAll(flags);
        values.putAll(explicit);
        return build(values, explicit.containsKey("listen"));
    }

    /** The least history_size with Redis: every node reads new updates from the log, a burst must fit in it. */
    static final int MIN_REDIS_HISTORY_SIZE = 1_000;

    private static HeraldConfig build(Map<String, String> values, boolean listenSet) {
        boolean dev = bool(values, "dev");
        String listen = dev && !listenSet ? "127.0.0.1:8080" : values.get("listen");
        Address address = address(values, "listen", listen);
        String host = address.host();
        int port = address.port();
        RedisSettings redis = redis(values);
        if (redis.enabled() && number(values, "history_size", values.get("history_size"), 0, 10_000_000)
                < MIN_REDIS_HISTORY_SIZE) {
            throw new ConfigException("history_size must be at least " + MIN_REDIS_HISTORY_SIZE
                    + " with Redis: every node reads new updates from the log, so a burst of publishes must fit in it");
        }
        Duration drainWindow = duration(values, "drain_window");
        Duration shutdownTimeout = positive(duration(values, "shutdown_timeout"), "shutdown_timeout");
        if (drainWindow.compareTo(shutdownTimeout) >= 0) {
            throw new ConfigException("drain_window (" + values.get("drain_window") + ") must be shorter than shutdown_timeout ("
                    + values.get("shutdown_timeout") + "): connections still open at shutdown_timeout are cut");
        }
        return new HeraldConfig(
                new ServerSettings(host.isEmpty() ? "0.0.0.0" : host, port, dev,
                        (int) number(values, "event_loops", values.get("event_loops"), 0, 1024),
                        list(values.get("cors_origins")), list(values.get("trusted_proxies")), drainWindow, shutdownTimeout,
                        hubUrl(values.get("hub_url"))),
                new LoggingSettings(logFormat(values), bool(values, "access_log")),
                new ConnectionSettings(
                        (int) orAuto(number(values, "max_connections", values.get("max_connections"), 0, 10_000_000),
                                Math.min(10_000_000, OPEN_FILES_LIMIT * 9 / 10)),
                        (int) number(values, "max_connections_per_ip", values.get("max_connections_per_ip"), 0, 10_000_000),
                        positive(duration(values, "request_header_timeout"), "request_header_timeout"),
                        positive(duration(values, "request_body_timeout"), "request_body_timeout"),
                        positive(duration(values, "keepalive_timeout"), "keepalive_timeout")),
                new AuthSettings(values.get("publisher_jwt_key"), values.get("subscriber_jwt_key"),
                        jwksUrl(values, "publisher_jwks_url"), jwksUrl(values, "subscriber_jwks_url"),
                        list(values.get("jwt_algorithms")), dev || bool(values, "anonymous"), values.get("cookie_name"),
                        blankToNull(values.get("jwt_audience")), blankToNull(values.get("jwt_issuer"))),
                new HistorySettings(
                        (int) number(values, "history_size", values.get("history_size"), 0, 10_000_000),
                        duration(values, "history_max_age"),
                        orAuto(size(values, "history_max_bytes"), Runtime.getRuntime().maxMemory() / 4)),
                redis,
                new SubscriberSettings(
                        (int) number(values, "max_topics_per_subscription", values.get("max_topics_per_subscription"), 1, 100_000),
                        (int) number(values, "max_selector_length", values.get("max_selector_length"), 1, 1_000_000),
                        (int) Math.min(Integer.MAX_VALUE, size(values, "max_queue_bytes")),
                        duration(values, "heartbeat_interval"),
                        (int) Math.min(Integer.MAX_VALUE, size(values, "max_subscription_bytes")),
                        orAuto(size(values, "max_hub_subscription_bytes"), Runtime.getRuntime().maxMemory() / 8),
                        bool(values, "subscription_events")),
                new PublishSettings(size(values, "max_body_size"),
                        (int) number(values, "max_topics_per_update", values.get("max_topics_per_update"), 1, 100_000),
                        (int) number(values, "publish_rate_limit", values.get("publish_rate_limit"), 0, 10_000_000),
                        (int) number(values, "publish_burst", values.get("publish_burst"), 1, 10_000_000)),
                new WebSocketSettings(
                        positive(duration(values, "ping_interval"), "ping_interval"),
                        positive(duration(values, "pong_timeout"), "pong_timeout"),
                        (int) Math.min(16L * 1024 * 1024, size(values, "max_ws_message_size")),
                        bool(values, "websocket_compression")),
                new LongPollSettings(
                        positive(duration(values, "poll_timeout"), "poll_timeout"),
                        (int) number(values, "poll_batch_size", values.get("poll_batch_size"), 1, 100_000)),
                metrics(values));
    }

    private static MetricsSettings metrics(Map<String, String> values) {
        String listen = values.get("metrics_listen").strip();
        String token = values.get("metrics_token");
        if (listen.isEmpty()) {
            return new MetricsSettings(null, 0, token);
        }
        Address address = address(values, "metrics_listen", listen);
        return new MetricsSettings(address.host().isEmpty() ? "0.0.0.0" : address.host(), address.port(), token);
    }

    private record Address(String host, int port) {
    }

    /** A {@code host:port} or {@code :port} option; an IPv6 host may be bracketed. */
    private static Address address(Map<String, String> values, String name, String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(name + " must be host:port or :port, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Address(host, (int) number(values, name, text.substring(colon + 1), 0, 65535));
    }

    /** An absolute http(s) URL with a path and no query; its path names the reserved namespace. */
    private static URI hubUrl(String text) {
        URI url = httpUrl("hub_url", text.trim(), "https://hub.example.com/.well-known/mercure");
        if (url.getRawQuery() != null || url.getRawPath().isEmpty()) {
            throw new ConfigException("hub_url must have a path and no query, such as"
                    + " https://hub.example.com/.well-known/mercure; got '" + text + "'");
        }
        return url;
    }

    private static String blankToNull(String text) {
        return text.isBlank() ? null : text.strip();
    }

    /** The URL of a JWK Set, or null when the option is empty. */
    private static URI jwksUrl(Map<String, String> values, String name) {
        String text = values.get(name).trim();
        return text.isEmpty() ? null : httpUrl(name, text, "https://auth.example.com/.well-known/jwks.json");
    }

    /**
     * An absolute http(s) URL in ASCII (other characters percent-encoded: the URL goes into HTTP
     * requests, headers and paths as written), without credentials (they would be logged and
     * published) or a fragment (never sent).
     */
    private static URI httpUrl(String name, String text, String example) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " is not a URL: '" + text + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new ConfigException(name + " must not carry credentials (user:password@)");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new ConfigException(name + " must be an absolute http or https URL, such as " + example
                    + "; got '" + text + "'");
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new ConfigException(name + " must be ASCII: percent-encode other characters; got '" + text + "'");
        }
        if (url.getRawFragment() != null) {
            throw new ConfigException(name + " must not have a fragment (#...); got '" + text + "'");
        }
        return url;
    }

    /** True for JSON lines, false for text. */
    private static boolean logFormat(Map<String, String> values) {
        return switch (values.get("log_format").trim().toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new ConfigException("log_format must be text or json, got '" + values.get("log_format") + "'");
        };
    }

    private static RedisSettings redis(Map<String, String> values) {
        String url = values.get("redis_url").trim();
        if (!url.isEmpty() && !REDIS_URL.matcher(url).matches()) {
            throw new ConfigException("redis_url must look like redis://[:password@]host:port[/db] or rediss://..., got '"
                    + RedisSettings.redacted(url) + "'");
        }
        List<String> sentinels = list(values.get("redis_sentinels"));
        for (String sentinel : sentinels) {
            if (!HOST_PORT.matcher(sentinel).matches()) {
                throw new ConfigException("redis_sentinels must list host:port addresses, got '" + sentinel + "'");
            }
        }
        String prefix = values.get("redis_key_prefix").trim();
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new ConfigException("redis_key_prefix must be non-empty and free of { and }, got '" + prefix + "'");
        }
        return new RedisSettings(url, sentinels, values.get("redis_master_name").trim(), prefix,
                positive(duration(values, "redis_timeout"), "redis_timeout"));
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "'; options start with -- (see --help)");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            name = name.replace('-', '_');
            if (!name.equals("config") && !isOption(name)) {
                throw new ConfigException("unknown option --" + name.replace('_', '-') + " (see --help)");
            }
            if (value == null) {
                boolean isSwitch = name.equals("dev") || name.equals("anonymous") || name.equals("access_log")
                        || name.equals("subscription_events") || name.equals("websocket_compression");
                // A PEM key ("-----BEGIN ...") starts with dashes too; only --name looks like a flag.
                boolean nextIsValue = i + 1 < args.length && !FLAG.matcher(args[i + 1]).matches();
                if (nextIsValue) {
                    value = args[++i];
                } else if (isSwitch) {
                    value = "true";
                } else {
                    throw new ConfigException("option --" + name.replace('_', '-') + " needs a value");
                }
            }
            flags.put(name, value);
        }
        return flags;
    }

    private static Map<String, String> readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (document == null) {
            return values;
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException("config file " + file + " must be a YAML mapping of option: value");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!isOption(name)) {
                throw new ConfigException("config file " + file + " sets unknown option '" + name + "'");
            }
            Object value = entry.getValue();
            values.put(name, value == null ? "" : value instanceof List<?> items
                    ? String.join(",", items.stream().map(String::valueOf).toList())
                    : String.valueOf(value));
        }
        return values;
    }

    private static boolean isOption(String name) {
        return ConfigOption.ALL.stream().anyMatch(option -> option.name().equals(name));
    }

    private static boolean bool(Map<String, String> values, String name) {
        String value = values.get(name).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + values.get(name) + "'");
        };
    }

    private static long number(Map<String, String> values, String name, String text, long min, long max) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + text + "'");
        }
    }

    /** Parses {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}; a bare number means seconds. */
    static Duration duration(Map<String, String> values, String name) {
        Matcher matcher = DURATION.matcher(values.get(name).trim());
        if (!matcher.matches()) {
            throw new ConfigException(name + " must be a duration such as 500ms, 15s, 2m or 1h, got '" + values.get(name) + "'");
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            Duration duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
            duration.toMillis(); // timers take milliseconds; refuse what cannot be expressed in them
            return duration;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ConfigException(name + " is too large, got '" + values.get(name) + "'");
        }
    }

    /** Parses {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 1GiB} (and decimal KB, MB, GB). */
    static long size(Map<String, String> values, String name) {
        Matcher matcher = SIZE.matcher(values.get(name).trim());
        if (!matcher.matches()) {
            throw new ConfigException(name + " must be a size such as 65536, 512KiB or 1MiB, got '" + values.get(name) + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " is too large, got '" + values.get(name) + "'");
        }
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            case "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            throw new ConfigException(name + " is too large, got '" + values.get(name) + "'");
        }
    }

    /** {@code value}, or {@code auto} when it is 0 (the option's "choose for me"). */
    private static long orAuto(long value, long auto) {
        return value == 0 ? auto : value;
    }

    private static Duration positive(Duration duration, String name) {
        if (duration.isZero()) {
            throw new ConfigException(name + " must be greater than 0");
        }
        return duration;
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
