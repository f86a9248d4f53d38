package dev.herald.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code config/herald.yaml} at the repository root documents every option and loads as it is. */
class ExampleConfigFileTest {

    private static Path exampleFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config/herald.yaml");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("config/herald.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyOptionAppearsInTheExampleFile() throws IOException {
        String text = Files.readString(exampleFile());
        for (ConfigOption option : ConfigOption.ALL) {
            Pattern key = Pattern.compile("(?m)^(#\\s*)?" + Pattern.quote(option.name()) + ":");
            assertTrue(key.matcher(text).find(), option.name() + " is missing from config/herald.yaml");
        }
    }

    @Test
    void everyOptionStandsInItsSection() throws IOException {
        String section = null;
        Map<String, String> sectionOf = new java.util.HashMap<>();
        for (String line : Files.readAllLines(exampleFile())) {
            java.util.regex.Matcher header = Pattern.compile("^# ---- ([a-z]+):").matcher(line);
            java.util.regex.Matcher key = Pattern.compile("^([a-z_]+):").matcher(line);
            if (header.find()) {
                section = header.group(1);
            } else if (key.find()) {
                sectionOf.put(key.group(1), section);
            }
        }
        for (ConfigOption option : ConfigOption.ALL) {
            assertEquals(option.section(), sectionOf.get(option.name()), option.name() + "'s section in config/herald.yaml");
        }
    }

    @Test
    void exampleFileLoads() {
        assertDoesNotThrow(() -> ConfigLoader.load(new String[] {"--config", exampleFile().toString()}, Map.of()));
    }
}
