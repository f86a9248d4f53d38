package dev.herald.core.urlpattern;

import java.util.List;

/**
 * A regular expression as a tree, the form both a pattern's parts and its custom regexp groups are
 * turned into before {@link Nfa} compiles them. Only what a set-of-states simulation can run is
 * representable: no backreferences, no lookaround.
 */
sealed interface Regex {

    /** One code point out of a set: sorted, disjoint, inclusive {@code [from, to]} pairs, maybe negated. */
    record CharSet(int[] ranges, boolean negated) implements Regex {
        boolean contains(int c) {
            boolean inside = false;
            for (int i = 0; i < ranges.length; i += 2) {
                if (c >= ranges[i] && c <= ranges[i + 1]) {
                    inside = true;
                    break;
                }
            }
            return inside != negated;
        }
    }

    record Sequence(List<Regex> items) implements Regex {
    }

    record Alternation(List<Regex> options) implements Regex {
    }

    /** {@code body} from {@code min} to {@code max} times; {@code max} is {@link #UNBOUNDED} for no limit. */
    record Repeat(Regex body, int min, int max) implements Regex {
        static final int UNBOUNDED = -1;
    }

    /** A zero-width test of the position. */
    record Assertion(Kind kind) implements Regex {
        enum Kind { START, END, WORD_BOUNDARY, NOT_WORD_BOUNDARY }
    }

    /** ECMAScript's {@code .} without the {@code s} flag: any code point but a line terminator. */
    Regex DOT = new CharSet(new int[] {'\n', '\n', '\r', '\r', 0x2028, 0x2029}, true);

    static Regex single(int c) {
        return new CharSet(new int[] {c, c}, false);
    }

    static Regex literal(String text) {
        return new Sequence(text.codePoints().mapToObj(Regex::single).toList());
    }

    static Regex optional(Regex body) {
        return new Repeat(body, 0, 1);
    }

    static Regex sequence(Regex... items) {
        return new Sequence(List.of(items));
    }
}
