package dev.herald.loadtest.cli;

import dev.herald.loadtest.scenario.ScenarioKind;
import dev.herald.loadtest.target.TargetKind;
import dev.herald.loadtest.target.TransportKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns {@code --name value} / {@code --name=value} arguments into {@link Options}, rejecting anything unknown. */
public final class OptionsParser {

    private static final Set<String> FLAGS = Set.of("quiet", "jvm-gc-before-sample");
    private static final Set<String> VALUED = Set.of(
            "target", "url", "publish-url", "subscribe-urls", "transport", "scenario", "subscribers", "topics", "topics-per-subscriber",
            "connect-rate", "connect-timeout", "publishers", "publish-connections", "rate", "ramp-factor", "max-rate", "max-steps",
            "step-duration", "payload-size", "p99-limit", "p99-stop", "settle", "warmup", "drain", "duration", "churn-rate",
            "catch-up-events", "server-pid", "source-addresses", "event-loops", "jwt-key", "jwt",
            "topic-prefix", "label", "json", "blaster-cpus", "stages", "build", "repeat");

    private OptionsParser() {
    }

    public static Options parse(String[] args) {
        Map<String, String> values = read(args);
        ScenarioKind scenario = ScenarioKind.parse(values.getOrDefault("scenario", "fanout"));
        TargetKind target = TargetKind.parse(values.getOrDefault("target", "herald"));
        int subscribers = intValue(values, "subscribers", scenario == ScenarioKind.CATCH_UP ? 100 : 1000);
        int defaultTopics = scenario == ScenarioKind.MANY_TOPICS ? subscribers : 1;
        int topics = intValue(values, "topics", defaultTopics);
        URI url = URI.create(values.getOrDefault("url", "http://127.0.0.1:" + target.defaultPort()));
        List<URI> subscribeUrls = stringList(values.get("subscribe-urls")).stream().map(URI::create).toList();
        Options options = new Options(
                target,
                url,
                values.containsKey("publish-url") ? URI.create(values.get("publish-url")) : url,
                subscribeUrls.isEmpty() ? List.of(url) : subscribeUrls,
                TransportKind.parse(values.getOrDefault("transport", "sse")),
                scenario,
                subscribers,
                topics,
                intValue(values, "topics-per-subscriber", 1),
                doubleValue(values, "connect-rate", 2000),
                duration(values, "connect-timeout", "10s"),
                intValue(values, "publishers", 4),
                intValue(values, "publish-connections", 64),
                doubleValue(values, "rate", 100),
                doubleValue(values, "ramp-factor", 1),
                doubleValue(values, "max-rate", 1_000_000),
                intValue(values, "max-steps", 12),
                duration(values, "step-duration", "5s"),
                intValue(values, "payload-size", 100),
                duration(values, "p99-limit", "100ms"),
                duration(values, "p99-stop", values.getOrDefault("p99-limit", "100ms")),
                duration(values, "settle", "1s"),
                intValue(values, "stages", 3),
                duration(values, "warmup", "2s"),
                duration(values, "drain", "3s"),
                duration(values, "duration", "10s"),
                doubleValue(values, "churn-rate", 100),
                intValue(values, "catch-up-events", 1000),
                intList(values.get("server-pid")),
                values.containsKey("jvm-gc-before-sample"),
                stringList(values.get("source-addresses")),
                intValue(values, "event-loops", Runtime.getRuntime().availableProcessors()),
                values.get("jwt-key"),
                // The calibration blaster takes no publishes: it needs no token.
                values.getOrDefault("jwt", scenario == ScenarioKind.CALIBRATE ? "none" : null),
                values.getOrDefault("topic-prefix", "loadtest-"),
                values.getOrDefault("label", ""),
                values.getOrDefault("build", ""),
                intValue(values, "repeat", 1),
                values.containsKey("json") ? Path.of(values.get("json")) : null,
                values.containsKey("quiet"),
                values.get("blaster-cpus"));
        validate(options);
        return options;
    }

    private static void validate(Options o) {
        require(o.url().getHost() != null && o.publishUrl().getHost() != null
                && o.subscribeUrls().stream().allMatch(u -> u.getHost() != null),
                "--url, --publish-url and --subscribe-urls take base URLs such as http://127.0.0.1:8080");
        require(o.subscribers() >= 0, "--subscribers must be >= 0");
        require(o.topics() >= 1, "--topics must be >= 1");
        require(o.topicsPerSubscriber() >= 1 && o.topicsPerSubscriber() <= o.topics(),
                "--topics-per-subscriber must be between 1 and --topics");
        require(o.connectRate() > 0, "--connect-rate must be > 0");
        require(o.publishers() >= 1, "--publishers must be >= 1");
        require(o.publishConnections() >= 1, "--publish-connections must be >= 1");
        require(o.rate() >= 0 && o.rampFactor() >= 1, "--rate must be >= 0 and --ramp-factor >= 1");
        require(o.payloadBytes() >= 48, "--payload-size must be >= 48 (room for the header)");
        require(o.maxSteps() >= 1, "--max-steps must be >= 1");
        require(o.p99Stop().compareTo(o.p99Limit()) >= 0, "--p99-stop must be >= --p99-limit");
        require(o.stages() >= 1 && (o.scenario() != ScenarioKind.IDLE || o.stages() <= Math.max(1, o.subscribers())),
                "--stages must be between 1 and --subscribers");
        require(o.repeat() >= 1, "--repeat must be >= 1");
        require(o.eventLoops() >= 1, "--event-loops must be >= 1");
        require(o.scenario() != ScenarioKind.CALIBRATE || (o.target() == TargetKind.HERALD
                        && (o.transport() == TransportKind.SSE || o.transport() == TransportKind.WEBSOCKET)),
                "calibrate measures the generator over Herald's SSE or WebSocket wire: --transport sse or ws");
        require(o.target().supports(o.transport()),
                o.target().wireName() + " does not support --transport " + o.transport().wireName());
        require(o.topicsPerSubscriber() == 1 || o.target() == TargetKind.HERALD || o.target() == TargetKind.SOCKETIO,
                "nchan subscribers take one channel each: use --topics-per-subscriber 1");
    }

    private static Map<String, String> read(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (FLAGS.contains(name)) {
                values.put(name, value == null ? "true" : value);
            } else if (VALUED.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
        }
        return values;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static int intValue(Map<String, String> values, String name, int fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + value);
        }
    }

    private static double doubleValue(Map<String, String> values, String name, double fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Double.parseDouble(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number: " + value);
        }
    }

    private static Duration duration(Map<String, String> values, String name, String fallback) {
        return Durations.parse(values.getOrDefault(name, fallback));
    }

    private static List<Integer> intList(String text) {
        List<Integer> result = new ArrayList<>();
        for (String part : stringList(text)) {
            result.add(Integer.parseInt(part));
        }
        return result;
    }

    private static List<String> stringList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
