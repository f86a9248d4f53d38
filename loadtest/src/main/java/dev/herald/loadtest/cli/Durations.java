package dev.herald.loadtest.cli;

import java.time.Duration;

/** Parses the duration syntax of the command line: {@code 250ms}, {@code 5s}, {@code 2m}; a bare number is seconds. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text.trim().toLowerCase();
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 250ms, 5s, 2m)");
        }
    }

    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
