package dev.herald.core;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides in linear time whether a topic is an expansion of an RFC 6570 URI template (levels 1 to 4).
 *
 * <p>A backtracking regex would be exponential on templates with adjacent expressions such as
 * <code>{a}{a}{a}…</code>, letting one hostile selector stall an event loop. Here each expression
 * is reduced to the set of characters its expansion may contain, and the template becomes a small
 * automaton simulated over the topic one character at a time: O(topic length × template length).
 *
 * <p>Each expression may expand to nothing (an undefined variable), as the RFC says. A simple
 * <code>{var}</code> never spans {@code /}; a reserved <code>{+var}</code> may. Named operators
 * ({@code ; ? &}) are matched slightly more loosely than the RFC's exact name=value grammar.
 */
final class UriTemplateMatcher {
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%";
    private static final String RESERVED = UNRESERVED + ":/?#[]@!$&'()*+,;=";
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_.%]+(?::[1-9][0-9]{0,3}|\\*)?");

    /**
     * One step of the automaton: a literal character, or an expression that optionally starts with
     * {@code prefix} and then repeats characters of {@code allowed}.
     */
    private record Step(char literal, char prefix, BitSet allowed) {
        boolean isLiteral() {
            return allowed == null;
        }
    }

    private final Step[] steps;

    private UriTemplateMatcher(List<Step> steps) {
        this.steps = steps.toArray(new Step[0]);
    }

    /** Parses {@code template}; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static UriTemplateMatcher compile(String template) {
        List<Step> steps = new ArrayList<>();
        int position = 0;
        while (position < template.length()) {
            char c = template.charAt(position);
            if (c == '}') {
                throw invalid(template, "'}' without '{'");
            }
            if (c != '{') {
                steps.add(new Step(c, '\0', null));
                position++;
                continue;
            }
            int close = template.indexOf('}', position);
            int nextOpen = template.indexOf('{', position + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                throw invalid(template, "unclosed '{'");
            }
            steps.add(expression(template, template.substring(position + 1, close)));
            position = close + 1;
        }
        return new UriTemplateMatcher(steps);
    }

    /**
     * Simulates the automaton. States {@code 0..n} mean "before step i" ({@code n} accepts);
     * state {@code n + 1 + i} means "inside expression i", after its prefix.
     */
    boolean matches(String topic) {
        int n = steps.length;
        BitSet active = new BitSet(2 * n + 1);
        active.set(0);
        skipEmpty(active);
        for (int index = 0; index < topic.length() && !active.isEmpty(); index++) {
            char c = topic.charAt(index);
            BitSet next = new BitSet(2 * n + 1);
            for (int state = active.nextSetBit(0); state >= 0; state = active.nextSetBit(state + 1)) {
                if (state < n) {
                    Step step = steps[state];
                    if (step.isLiteral()) {
                        if (step.literal() == c) {
                            next.set(state + 1);
                        }
                    } else if (step.prefix() == '\0' ? step.allowed().get(c) : step.prefix() == c) {
                        next.set(n + 1 + state);
                    }
                } else if (state > n && steps[state - n - 1].allowed().get(c)) {
                    next.set(state);
                }
            }
            active = next;
            skipEmpty(active);
        }
        return active.get(n);
    }

    /** Adds the states reachable without reading: an expression may be empty or end at any point. */
    private void skipEmpty(BitSet active) {
        int n = steps.length;
        for (int state = active.nextSetBit(n + 1); state >= 0; state = active.nextSetBit(state + 1)) {
            active.set(state - n);
        }
        for (int i = 0; i < n; i++) {
            if (active.get(i) && !steps[i].isLiteral()) {
                active.set(i + 1);
            }
        }
    }

    private static Step expression(String template, String body) {
        if (body.isEmpty()) {
            throw invalid(template, "empty expression '{}'");
        }
        char operator = body.charAt(0);
        boolean hasOperator = "+#./;?&".indexOf(operator) >= 0;
        String variables = hasOperator ? body.substring(1) : body;
        if (variables.isEmpty()) {
            throw invalid(template, "expression without a variable");
        }
        for (String variable : variables.split(",", -1)) {
            if (!VARIABLE.matcher(variable).matches()) {
                throw invalid(template, "bad variable '" + variable + "'");
            }
        }
        return switch (operator) {
            case '+' -> new Step('\0', '\0', chars(RESERVED));
            case '#' -> new Step('\0', '#', chars(RESERVED));
            case '.' -> new Step('\0', '.', chars(UNRESERVED + ","));
            case '/' -> new Step('\0', '/', chars(UNRESERVED + ",/"));
            case ';' -> new Step('\0', ';', chars(UNRESERVED + ",;="));
            case '?' -> new Step('\0', '?', chars(UNRESERVED + ",&="));
            case '&' -> new Step('\0', '&', chars(UNRESERVED + ",&="));
            default -> new Step('\0', '\0', chars(UNRESERVED + ","));
        };
    }

    private static BitSet chars(String allowed) {
        BitSet set = new BitSet(128);
        allowed.chars().forEach(set::set);
        return set;
    }

    private static IllegalArgumentException invalid(String template, String why) {
        return new IllegalArgumentException("invalid URI template " + template + ": " + why);
    }
}
