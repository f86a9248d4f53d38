package dev.herald;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The JMH benchmarks (src/jmh/java, built by {@code -Pjmh}) still compile against the hub: they
 * reach into package-private code, so a change there must not leave them broken until someone next
 * runs them. Compiles only (a few seconds); running them is a separate, deliberate act.
 */
class BenchmarksCompileTest {
    private static final Path SOURCES = Path.of("src/jmh/java");

    @Test
    void theBenchmarksCompile(@TempDir Path classes) throws IOException {
        List<String> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(path -> path.toString().endsWith(".java")).map(Path::toString).toList();
        }
        assertFalse(sources.isEmpty(), "no benchmark sources under " + SOURCES);
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-Xlint:none", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        arguments.addAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, arguments.toArray(String[]::new));
        assertEquals(0, status, errors.toString());
    }
}
