package dev.herald;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Imports between Herald's packages point one way, as hub/README.md draws them. */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/herald");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.herald\\.([a-z.]+)\\.[A-Z]",
            Pattern.MULTILINE);

    /** What each package may import; a package missing here may import nothing of Herald's. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("core", Set.of("core.urlpattern")),
            Map.entry("auth", Set.of("core")),
            Map.entry("history", Set.of("core")),
            Map.entry("broker", Set.of("history", "core")),
            Map.entry("metrics", Set.of("core")),
            Map.entry("subscription", Set.of("broker", "history", "metrics", "core")),
            Map.entry("transport", Set.of("subscription", "auth", "config", "http", "core")),
            Map.entry("transport.sse", Set.of("transport", "subscription", "config", "http", "metrics", "core")),
            Map.entry("transport.ws", Set.of("transport", "subscription", "config", "http", "metrics", "core")),
            Map.entry("transport.longpoll", Set.of("transport", "subscription", "config", "http", "metrics", "core")),
            Map.entry("publish", Set.of("broker", "auth", "config", "http", "core")),
            Map.entry("redis", Set.of("broker", "history", "config", "metrics", "core")),
            Map.entry("server", Set.of("auth", "broker", "config", "core", "history", "http", "metrics", "publish", "redis", "subscription",
                    "transport", "transport.sse", "transport.ws", "transport.longpoll")));

    @Test
    void everyPackageImportsOnlyWhatItsLayerAllows() throws IOException {
        Map<String, Set<String>> forbidden = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Path folder = SOURCES.relativize(file.getParent());
                if (folder.toString().isEmpty()) {
                    continue; // dev.herald.Herald holds main and may start anything
                }
                String pkg = folder.toString().replace(file.getFileSystem().getSeparator(), ".");
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String imported = imports.group(1);
                    if (!imported.equals(pkg) && !ALLOWED.getOrDefault(pkg, Set.of()).contains(imported)) {
                        forbidden.computeIfAbsent(file.getFileName() + " (" + pkg + ")", k -> new TreeSet<>())
                                .add(imported);
                    }
                }
            }
        }
        assertEquals(Map.of(), forbidden, "imports against the layering of hub/README.md");
    }
}
