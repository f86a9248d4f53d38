package dev.herald.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The automaton {@link UriTemplateMatcher} compiles a template into, and its simulation over a
 * topic. It reads tokens, not characters: a percent-encoded triplet ({@code %2F}) is one token, so
 * an expression can tell an encoded character from a literal one (RFC 6570 section 1.6).
 *
 * <p>Most states read one literal token. A <em>value</em> state stands for one variable value as
 * the RFC expands it: characters of the operator's allowed set and percent-encoded characters,
 * counted in characters of the value for prefix modifiers ({@code :3}). While inside a value the
 * simulation also tracks how many UTF-8 continuation bytes it expects and whether the value has
 * read anything, as part of the state; the count of characters read is kept as the smallest one
 * that reaches the state, since a smaller count allows everything a larger one does.
 *
 * <p>The simulation keeps the set of active states (never backtracks), so it costs at most topic
 * length × states; it also stops after a given number of steps.
 *
 * <p>Threading: immutable once built; each match allocates its own scratch arrays.
 */
final class TemplateNfa {
    /** A count no prefix modifier allows (the RFC's max-length is below 10 000). */
    static final int UNBOUNDED = 10_000;
    private static final int NO_TOKEN = -1;
    private static final int TRIPLET = 0x10000;
    private static final BitSet UNRESERVED = chars(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");
    private static final BitSet UNRESERVED_OR_RESERVED = chars(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=");

    /**
     * One variable value: what the expansion may write for it.
     *
     * @param reserved  the {@code +} and {@code #} operators: reserved characters stay as they are,
     *                  and percent-encoded triplets in the value pass through (three characters each)
     * @param maxChars  most characters of the value (a prefix modifier), else {@link #UNBOUNDED}
     * @param nonEmpty  the value must write at least one character
     */
    record Value(boolean reserved, int maxChars, boolean nonEmpty) {
    }

    private final int[] literal;
    private final int[] target;
    private final Value[] value;
    private final int[][] epsilon;
    private final int[] firstSlot;
    private final int[] slotState;
    private final int start;
    private final int accept;

    private TemplateNfa(Builder builder, int start, int accept) {
        int states = builder.literal.size();
        literal = builder.literal.stream().mapToInt(Integer::intValue).toArray();
        target = builder.target.stream().mapToInt(Integer::intValue).toArray();
        value = builder.value.toArray(new Value[0]);
        epsilon = new int[states][];
        firstSlot = new int[states + 1];
        for (int state = 0; state < states; state++) {
            epsilon[state] = builder.epsilon.get(state).stream().mapToInt(Integer::intValue).toArray();
            // A value state has 8 slots: continuation bytes expected (0-3) × read anything yet.
            firstSlot[state + 1] = firstSlot[state] + (value[state] == null ? 1 : 8);
        }
        slotState = new int[firstSlot[states]];
        for (int state = 0; state < states; state++) {
            for (int slot = firstSlot[state]; slot < firstSlot[state + 1]; slot++) {
                slotState[slot] = state;
            }
        }
        this.start = start;
        this.accept = accept;
    }

    /**
     * Splits {@code text} into tokens: a character, or a percent-encoded triplet (kept with the
     * case of its hex digits, so literal text compares exactly).
     */
    static int[] tokens(String text) {
        int[] tokens = new int[text.length()];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                tokens[count++] = TRIPLET | text.charAt(i + 1) << 8 | text.charAt(i + 2);
                i += 2;
            } else {
                tokens[count++] = c;
            }
        }
        return Arrays.copyOf(tokens, count);
    }

    /**
     * True when the automaton accepts {@code tokens[from..to)}; false also once it has taken more
     * than {@code maxSteps} steps.
     */
    boolean accepts(int[] tokens, int from, int to, int maxSteps) {
        return new Run(maxSteps).accepts(tokens, from, to);
    }

    /** One simulation: the active slots of the current token, with their smallest character counts. */
    private final class Run {
        private final int[] seen = new int[slotState.length];
        private final int[] chars = new int[slotState.length];
        private final int[] pending = new int[slotState.length];
        private int[] active = new int[slotState.length];
        private int[] next = new int[slotState.length];
        private int activeCount;
        private int nextCount;
        private int generation = 1;
        private int steps;
        private final int maxSteps;

        Run(int maxSteps) {
            this.maxSteps = maxSteps;
        }

        boolean accepts(int[] tokens, int from, int to) {
            enter(firstSlot[start], 0);
            swap();
            for (int i = from; i < to && activeCount > 0; i++) {
                generation++;
                for (int k = 0; k < activeCount; k++) {
                    if (++steps > maxSteps) {
                        return false;
                    }
                    read(active[k], tokens[i]);
                }
                swap();
            }
            return steps <= maxSteps && seen[firstSlot[accept]] == generation;
        }

        private void swap() {
            int[] previous = active;
            active = next;
            activeCount = nextCount;
            next = previous;
            nextCount = 0;
        }

        private void read(int slot, int token) {
            int state = slotState[slot];
            Value run = value[state];
            if (run == null) {
                if (literal[state] == token) {
                    enter(firstSlot[target[state]], 0);
                }
                return;
            }
            int variant = slot - firstSlot[state];
            int continuations = variant >> 1;
            int read = chars[slot];
            if (token < TRIPLET) {
                if (continuations == 0 && allowed(run, token)) {
                    offer(state, run, 0, read + 1);
                }
                return;
            }
            int octet = Character.digit(token >> 8 & 0xFF, 16) << 4 | Character.digit(token & 0xFF, 16);
            if (continuations > 0) {
                if (octet >= 0x80 && octet <= 0xBF) {
                    enter(firstSlot[state] + ((continuations - 1) << 1 | 1), read);
                }
                return;
            }
            // An encoded character of the value: a UTF-8 sequence, one character whatever its length.
            // ASCII is encoded only when the operator does not allow it as it is.
            int length = octet < 0x80 ? (allowed(run, octet) ? 0 : 1)
                    : octet >= 0xC2 && octet <= 0xDF ? 2 : octet >= 0xE0 && octet <= 0xEF ? 3
                    : octet >= 0xF0 && octet <= 0xF4 ? 4 : 0;
            if (length > 0) {
                offer(state, run, length - 1, read + 1);
            }
            if (run.reserved()) {
                offer(state, run, 0, read + 3); // a triplet the value held, passed through as it was
            }
        }

        private void offer(int state, Value run, int continuations, int read) {
            if (read <= run.maxChars()) {
                enter(firstSlot[state] + (continuations << 1 | 1), read);
            }
        }

        /** Adds {@code slot} for the next token, then every slot reachable from it without reading. */
        private void enter(int slot, int read) {
            if (seen[slot] == generation) {
                chars[slot] = Math.min(chars[slot], read);
                return;
            }
            int depth = 0;
            mark(slot, read);
            pending[depth++] = slot;
            while (depth > 0 && steps <= maxSteps) {
                int current = pending[--depth];
                steps++;
                int state = slotState[current];
                for (int to : epsilon[state]) {
                    int entered = firstSlot[to];
                    if (seen[entered] != generation) {
                        mark(entered, 0);
                        pending[depth++] = entered;
                    }
                }
                Value run = value[state];
                int variant = current - firstSlot[state];
                // A value may end once it holds whole characters, and something when it must.
                if (run != null && variant >> 1 == 0 && ((variant & 1) == 1 || !run.nonEmpty())) {
                    int exit = firstSlot[target[state]];
                    if (seen[exit] != generation) {
                        mark(exit, 0);
                        pending[depth++] = exit;
                    }
                }
            }
        }

        private void mark(int slot, int read) {
            seen[slot] = generation;
            chars[slot] = read;
            next[nextCount++] = slot;
        }
    }

    private static boolean allowed(Value run, int c) {
        return c < 128 && (run.reserved() ? UNRESERVED_OR_RESERVED : UNRESERVED).get(c);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    private static BitSet chars(String allowed) {
        BitSet set = new BitSet(128);
        allowed.chars().forEach(set::set);
        return set;
    }

    /** Assembles an automaton from fragments that each lead from one state to another. */
    static final class Builder {
        private final List<Integer> literal = new ArrayList<>();
        private final List<Integer> target = new ArrayList<>();
        private final List<Value> value = new ArrayList<>();
        private final List<List<Integer>> epsilon = new ArrayList<>();

        int state() {
            literal.add(NO_TOKEN);
            target.add(NO_TOKEN);
            value.add(null);
            epsilon.add(new ArrayList<>());
            return literal.size() - 1;
        }

        void epsilon(int from, int to) {
            epsilon.get(from).add(to);
        }

        /** From {@code from}, the tokens of {@code text} in order, then {@code to}. */
        void literal(int from, String text, int to) {
            int[] tokens = tokens(text);
            if (tokens.length == 0) {
                epsilon(from, to);
                return;
            }
            int at = from;
            for (int i = 0; i < tokens.length; i++) {
                int reading = state();
                epsilon(at, reading);
                literal.set(reading, tokens[i]);
                at = i == tokens.length - 1 ? to : state();
                target.set(reading, at);
            }
        }

        /** From {@code from}, one variable value, then {@code to}. */
        void value(int from, Value run, int to) {
            int inside = state();
            value.set(inside, run);
            target.set(inside, to);
            epsilon(from, inside);
        }

        TemplateNfa build(int start, int accept) {
            return new TemplateNfa(this, start, accept);
        }
    }
}
