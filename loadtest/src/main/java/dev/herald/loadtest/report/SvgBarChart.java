package dev.herald.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A grouped bar chart as inline SVG: one group per case, one bar per target. No scripts, no external files. */
final class SvgBarChart {

    private static final String[] COLOURS = {"#2b6cb0", "#c05621", "#2f855a", "#6b46c1"};
    private static final int BAR = 22;
    private static final int GAP = 26;
    private static final int HEIGHT = 260;
    private static final int TOP = 44;

    private SvgBarChart() {
    }

    /**
     * @param groups  case title → (target → value)
     * @param flagged bars ("group|target") whose value is generator-bound: labelled "≥ value ⚑"
     */
    static String render(String title, List<String> targets, Map<String, Map<String, Double>> groups, Set<String> flagged) {
        double max = groups.values().stream().flatMap(g -> g.values().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
        int groupWidth = targets.size() * BAR + GAP;
        int width = Math.max(420, 60 + groups.size() * groupWidth + 180); // room for the last slanted label
        int total = TOP + HEIGHT + 110;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                width, total));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", escape(title)));
        svg.append(String.format(Locale.ROOT, "<line x1=\"50\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                TOP + HEIGHT, width - 5, TOP + HEIGHT));
        int x = 60;
        for (Map.Entry<String, Map<String, Double>> group : groups.entrySet()) {
            for (int t = 0; t < targets.size(); t++) {
                Double value = group.getValue().get(targets.get(t));
                if (value == null) {
                    continue;
                }
                int h = (int) Math.round(value / max * HEIGHT);
                int bx = x + t * BAR;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %,.0f</title></rect>%n",
                        bx, TOP + HEIGHT - h, BAR - 3, h, COLOURS[t % COLOURS.length], escape(group.getKey()),
                        targets.get(t), value));
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" font-size=\"9\">%s</text>%n",
                        bx + 14, TOP + HEIGHT - h - 3, bx + 14, TOP + HEIGHT - h - 3,
                        flagged.contains(group.getKey() + "|" + targets.get(t)) ? "≥ " + compact(value) + GeneratorBound.MARK
                                : compact(value)));
            }
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" transform=\"rotate(35 %d %d)\">%s</text>%n",
                    x, TOP + HEIGHT + 14, x, TOP + HEIGHT + 14, escape(group.getKey())));
            x += groupWidth;
        }
        int lx = 60;
        for (int t = 0; t < targets.size(); t++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    lx, total - 18, COLOURS[t % COLOURS.length], lx + 16, total - 8, escape(targets.get(t))));
            lx += 100;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String compact(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
