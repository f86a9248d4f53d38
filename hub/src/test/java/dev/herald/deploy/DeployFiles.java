package dev.herald.deploy;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files under {@code deploy/}, found above the working directory, and the compose file parsed. */
final class DeployFiles {
    /** The Herald services of {@code compose.yaml}. */
    static final List<String> NODES = List.of("herald-1", "herald-2");

    private DeployFiles() {
    }

    static Path dir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy");
            if (Files.isRegularFile(candidate.resolve("compose.yaml"))) {
                return candidate;
            }
        }
        throw new AssertionError("deploy/compose.yaml not found above " + Path.of("").toAbsolutePath());
    }

    static String read(String relativePath) {
        try {
            return Files.readString(dir().resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() {
        return new Yaml().load(read("compose.yaml"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        Map<String, Object> service = (Map<String, Object>) services.get(name);
        if (service == null) {
            throw new AssertionError("compose.yaml has no service " + name);
        }
        return service;
    }

    /** The environment compose gives a service, as written (interpolations not resolved). */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service(service).getOrDefault("environment", Map.of()))
                .forEach((name, value) -> env.put(name, String.valueOf(value)));
        return env;
    }

    /** A compose duration such as {@code 25s} or {@code 1m30s}, in seconds. */
    static long seconds(String duration) {
        long total = 0;
        for (var part : java.util.regex.Pattern.compile("(\\d+)([hms])").matcher(duration).results().toList()) {
            long n = Long.parseLong(part.group(1));
            total += switch (part.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                default -> n;
            };
        }
        if (total == 0) {
            throw new AssertionError("not a duration: " + duration);
        }
        return total;
    }
}
