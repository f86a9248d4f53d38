package dev.herald.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: it refuses what Prometheus would
 * refuse (a malformed name, label or value, a sample before its family's TYPE, a family split in two,
 * a duplicate series, a histogram whose buckets, sum and count disagree), so a scrape it reads is valid.
 */
final class Exposition {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    final Map<String, Family> families = new LinkedHashMap<>();

    private Exposition() {
    }

    static Exposition parse(String text) {
        Exposition exposition = new Exposition();
        exposition.read(text);
        return exposition;
    }

    /** The value of the one series {@code sample} with exactly {@code labels} (name, value, name, value…). */
    double value(String sample, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (Family family : families.values()) {
            for (Sample s : family.samples()) {
                if (s.name().equals(sample) && new TreeMap<>(s.labels()).equals(wanted)) {
                    return s.value();
                }
            }
        }
        throw new AssertionError("no series " + sample + wanted + " in the scrape");
    }

    /** The TYPE of the family that exports {@code sample} (e.g. histogram for {@code x_bucket}). */
    String typeOf(String sample) {
        for (Family family : families.values()) {
            for (Sample s : family.samples()) {
                if (s.name().equals(sample)) {
                    return family.type();
                }
            }
        }
        throw new AssertionError("no sample " + sample + " in the scrape");
    }

    /** Every sample name exported, e.g. {@code herald_delivery_latency_seconds_bucket}. */
    Set<String> sampleNames() {
        Set<String> names = new HashSet<>();
        families.values().forEach(family -> family.samples().forEach(s -> names.add(s.name())));
        return names;
    }

    private void read(String text) {
        if (!text.endsWith("\n")) {
            throw new AssertionError("the exposition must end with a line feed");
        }
        Map<String, String> helps = new LinkedHashMap<>();
        Set<String> series = new HashSet<>();
        Family current = null;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + lineNumber + ": " + line;
            if (line.startsWith("# HELP ")) {
                Matcher help = HELP.matcher(line);
                require(help.matches(), "malformed HELP", where);
                require(helps.put(help.group(1), help.group(2)) == null, "a second HELP", where);
                checkEscapes(help.group(2), false, where);
            } else if (line.startsWith("# TYPE ")) {
                Matcher type = TYPE.matcher(line);
                require(type.matches(), "malformed TYPE", where);
                String name = type.group(1);
                require(!families.containsKey(name), "a second TYPE (or a family split in two)", where);
                current = new Family(name, type.group(2), helps.get(name), new ArrayList<>());
                families.put(name, current);
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else {
                Sample sample = sample(line, where);
                require(current != null && belongs(sample.name(), current), "a sample outside its family's TYPE", where);
                require(series.add(sample.name() + new TreeMap<>(sample.labels())), "a duplicate series", where);
                current.samples().add(sample);
            }
        }
        for (Family family : families.values()) {
            require(family.help() != null, "no HELP", family.name());
            if (family.type().equals("histogram")) {
                checkHistogram(family);
            } else if (family.type().equals("summary")) {
                checkSummary(family);
            }
        }
    }

    private static boolean belongs(String sample, Family family) {
        String name = family.name();
        return switch (family.type()) {
            case "histogram" -> sample.equals(name + "_bucket") || sample.equals(name + "_sum") || sample.equals(name + "_count");
            case "summary" -> sample.equals(name) || sample.equals(name + "_sum") || sample.equals(name + "_count");
            case "counter" -> sample.equals(name) || sample.equals(name + "_total");
            default -> sample.equals(name);
        };
    }

    private static Sample sample(String line, String where) {
        Matcher name = NAME.matcher(line);
        require(name.lookingAt(), "no metric name", where);
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                Matcher labelName = LABEL_NAME.matcher(line).region(at, line.length());
                require(labelName.lookingAt(), "malformed label name", where);
                at = labelName.end();
                require(line.startsWith("=\"", at), "a label without =\"", where);
                at += 2;
                StringBuilder value = new StringBuilder();
                while (line.charAt(at) != '"') {
                    char c = line.charAt(at);
                    if (c == '\\') {
                        char escaped = line.charAt(at + 1);
                        require(escaped == '\\' || escaped == '"' || escaped == 'n', "a bad escape in a label value", where);
                        value.append(escaped == 'n' ? '\n' : escaped);
                        at += 2;
                    } else {
                        value.append(c);
                        at++;
                    }
                }
                at++;
                require(labels.put(labelName.group(), value.toString()) == null, "a repeated label", where);
                if (line.charAt(at) == ',') {
                    at++;
                } else {
                    require(line.charAt(at) == '}', "labels not closed", where);
                }
            }
            at++;
        }
        require(at < line.length() && line.charAt(at) == ' ', "no space before the value", where);
        String[] rest = line.substring(at + 1).split(" ", -1);
        require(rest.length <= 2 && VALUE.matcher(rest[0]).matches(), "a malformed value", where);
        require(rest.length == 1 || TIMESTAMP.matcher(rest[1]).matches(), "a malformed timestamp", where);
        return new Sample(name.group(), labels, number(rest[0]));
    }

    private static double number(String value) {
        return switch (value) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    private static void checkEscapes(String text, boolean quotesAllowed, String where) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                char escaped = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                require(escaped == '\\' || escaped == 'n' || (quotesAllowed && escaped == '"'), "a bad escape", where);
                i++;
            }
        }
    }

    /** Per series: cumulative buckets ending at +Inf, whose count is {@code _count}; a {@code _sum}. */
    private static void checkHistogram(Family family) {
        Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample sample : family.samples()) {
            Map<String, String> series = new TreeMap<>(sample.labels());
            if (sample.name().endsWith("_bucket")) {
                String le = series.remove("le");
                require(le != null, "a bucket without le", family.name());
                require(VALUE.matcher(le).matches(), "a malformed le", family.name() + " le=" + le);
                buckets.computeIfAbsent(series, k -> new TreeMap<>()).put(number(le), sample.value());
            } else if (sample.name().endsWith("_count")) {
                counts.put(series, sample.value());
            } else {
                require(!series.containsKey("le"), "le outside a bucket", family.name());
                sums.add(series);
            }
        }
        require(buckets.keySet().equals(counts.keySet()) && counts.keySet().equals(sums),
                "buckets, _sum and _count for different series", family.name());
        buckets.forEach((series, byLe) -> {
            require(byLe.lastKey() == Double.POSITIVE_INFINITY, "no +Inf bucket", family.name() + series);
            double previous = 0;
            for (double count : byLe.values()) {
                require(count >= previous, "buckets not cumulative", family.name() + series);
                previous = count;
            }
            require(previous == counts.get(series), "the +Inf bucket differs from _count", family.name() + series);
        });
    }

    private static void checkSummary(Family family) {
        Set<Map<String, String>> counts = new HashSet<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample sample : family.samples()) {
            Map<String, String> series = new TreeMap<>(sample.labels());
            if (sample.name().endsWith("_count")) {
                counts.add(series);
            } else if (sample.name().endsWith("_sum")) {
                sums.add(series);
            } else {
                require(series.remove("quantile") != null, "a summary sample without quantile", family.name());
            }
        }
        require(counts.equals(sums), "_sum and _count for different series", family.name());
    }

    private static void require(boolean condition, String problem, String where) {
        if (!condition) {
            throw new AssertionError("invalid exposition, " + problem + ": " + where);
        }
    }
}
