package dev.herald.core.urlpattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Regex} compiled to a Thompson automaton, matched against a whole string by keeping the
 * set of active states (a Pike VM without captures): each input code point costs at most one visit
 * of every state, so a match costs at most input length × states, whatever the pattern. No
 * backtracking, hence no catastrophic patterns; {@link #MAX_STATES} bounds the automaton and
 * {@link #STEPS_PER_CODE_POINT} the work of one match (past it the match fails, as the draft asks of a
 * cost limit).
 *
 * <p>Threading: immutable once built; each match allocates its own scratch arrays.
 */
final class Nfa {
    /** Most states one component may compile to (bounded repeats are unrolled). */
    static final int MAX_STATES = 20_000;
    /**
     * A match may visit at most {@code BASE_STEPS + STEPS_PER_CODE_POINT × length} states, and never
     * more than {@link #MAX_STEPS}, before it is abandoned as not matching: a plain pattern keeps a
     * handful of states active, so only a pattern crafted to keep many active at once comes near
     * the first bound, and only a topic tens of thousands of characters long near the second.
     */
    static final int BASE_STEPS = 10_000;
    static final int STEPS_PER_CODE_POINT = 64;
    static final int MAX_STEPS = 250_000;

    private static final int CHAR = 0;
    private static final int SPLIT = 1;
    private static final int JUMP = 2;
    private static final int ASSERT = 3;
    private static final int MATCH = 4;

    private final int[] op;
    private final int[] next;
    private final int[] alternative;
    private final Object[] argument;
    private final int start;

    private Nfa(Builder builder, int start) {
        this.start = start;
        int size = builder.op.size();
        op = new int[size];
        next = new int[size];
        alternative = new int[size];
        argument = builder.argument.toArray();
        for (int i = 0; i < size; i++) {
            op[i] = builder.op.get(i);
            next[i] = builder.next.get(i);
            alternative[i] = builder.alternative.get(i);
        }
    }

    /** Compiles {@code regex}; throws IllegalArgumentException when it needs more than {@link #MAX_STATES}. */
    static Nfa compile(Regex regex) {
        Builder builder = new Builder();
        int start = builder.emit(regex);
        int end = builder.add(MATCH, null);
        builder.patch(start, end);
        return new Nfa(builder, start);
    }

    /** True when the whole of {@code input} matches; false also once the match passes its step limit. */
    boolean matches(String input) {
        return new Run(input.codePoints().toArray()).matches();
    }

    /** One match: the active states before and after each code point, and the steps spent. */
    private final class Run {
        private final int[] text;
        private final int[] seen = new int[op.length];
        private final int[] stack = new int[2 * op.length + 1]; // each state expands once, pushing at most two
        private int[] current = new int[op.length];
        private int[] following = new int[op.length];
        private int generation = 1;
        private final long maxSteps;
        private long steps;

        Run(int[] text) {
            this.text = text;
            this.maxSteps = Math.min(MAX_STEPS, BASE_STEPS + (long) STEPS_PER_CODE_POINT * text.length);
        }

        boolean matches() {
            int currentCount = closure(start, 0, current, 0);
            for (int position = 0; position < text.length && currentCount > 0; position++) {
                generation++;
                int followingCount = 0;
                int c = text[position];
                for (int k = 0; k < currentCount; k++) {
                    int state = current[k];
                    if (op[state] == CHAR && ((Regex.CharSet) argument[state]).contains(c)) {
                        followingCount = closure(next[state], position + 1, following, followingCount);
                    }
                }
                if (steps > maxSteps) {
                    return false;
                }
                int[] swap = current;
                current = following;
                following = swap;
                currentCount = followingCount;
            }
            for (int k = 0; k < currentCount; k++) {
                if (op[current[k]] == MATCH) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Adds {@code from} and every state reachable from it without reading (at {@code position})
         * to {@code list}; only states that read a code point or accept are kept there. Every state
         * visited counts as a step. Returns the new count.
         */
        private int closure(int from, int position, int[] list, int count) {
            int depth = 0;
            stack[depth++] = from;
            while (depth > 0) {
                int state = stack[--depth];
                if (seen[state] == generation) {
                    continue;
                }
                seen[state] = generation;
                steps++;
                switch (op[state]) {
                    case CHAR, MATCH -> list[count++] = state;
                    case JUMP -> stack[depth++] = next[state];
                    case SPLIT -> {
                        stack[depth++] = alternative[state];
                        stack[depth++] = next[state];
                    }
                    case ASSERT -> {
                        if (holds((Regex.Assertion.Kind) argument[state], text, position)) {
                            stack[depth++] = next[state];
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            return count;
        }
    }

    private static boolean holds(Regex.Assertion.Kind kind, int[] text, int position) {
        return switch (kind) {
            case START -> position == 0;
            case END -> position == text.length;
            case WORD_BOUNDARY -> wordBefore(text, position) != wordAt(text, position);
            case NOT_WORD_BOUNDARY -> wordBefore(text, position) == wordAt(text, position);
        };
    }

    private static boolean wordBefore(int[] text, int position) {
        return position > 0 && isWord(text[position - 1]);
    }

    private static boolean wordAt(int[] text, int position) {
        return position < text.length && isWord(text[position]);
    }

    static boolean isWord(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * Emits fragments with one dangling exit each: {@link #emit} returns a fragment's entry and
     * leaves its exits to be {@link #patch patched} to whatever follows.
     */
    private static final class Builder {
        private static final int OPEN = -1;
        private final List<Integer> op = new ArrayList<>();
        private final List<Integer> next = new ArrayList<>();
        private final List<Integer> alternative = new ArrayList<>();
        private final List<Object> argument = new ArrayList<>();
        /** For each fragment entry, the states whose {@code next} still dangles. */
        private final List<List<Integer>> dangling = new ArrayList<>();

        int add(int kind, Object arg) {
            if (op.size() >= MAX_STATES) {
                throw new IllegalArgumentException("pattern is too complex (more than " + MAX_STATES + " states)");
            }
            op.add(kind);
            next.add(OPEN);
            alternative.add(OPEN);
            argument.add(arg);
            dangling.add(null);
            return op.size() - 1;
        }

        /** Emits {@code regex} as a fragment: returns its entry; its exits are listed in {@code dangling}. */
        int emit(Regex regex) {
            if (regex instanceof Regex.CharSet set) {
                return exitsAtSelf(add(CHAR, set));
            } else if (regex instanceof Regex.Assertion assertion) {
                return exitsAtSelf(add(ASSERT, assertion.kind()));
            } else if (regex instanceof Regex.Sequence sequence) {
                return sequence(sequence.items());
            } else if (regex instanceof Regex.Alternation alternation) {
                return alternation(alternation.options());
            }
            return repeat((Regex.Repeat) regex);
        }

        private int exitsAtSelf(int state) {
            dangling.set(state, new ArrayList<>(List.of(state)));
            return state;
        }

        private int sequence(List<Regex> items) {
            if (items.isEmpty()) {
                return exitsAtSelf(add(JUMP, null));
            }
            int entry = emit(items.get(0));
            List<Integer> exits = dangling.get(entry);
            for (int i = 1; i < items.size(); i++) {
                int following = emit(items.get(i));
                connect(exits, following);
                exits = dangling.get(following);
            }
            dangling.set(entry, exits);
            return entry;
        }

        private int alternation(List<Regex> options) {
            List<Integer> exits = new ArrayList<>();
            int entry = emit(options.get(options.size() - 1));
            exits.addAll(dangling.get(entry));
            for (int i = options.size() - 2; i >= 0; i--) {
                int option = emit(options.get(i));
                exits.addAll(dangling.get(option));
                int split = add(SPLIT, null);
                next.set(split, option);
                alternative.set(split, entry);
                entry = split;
            }
            dangling.set(entry, exits);
            return entry;
        }

        private int repeat(Regex.Repeat repeat) {
            List<Regex> items = new ArrayList<>();
            for (int i = 0; i < repeat.min(); i++) {
                items.add(repeat.body());
            }
            if (repeat.max() == Regex.Repeat.UNBOUNDED) {
                int body = emit(repeat.body());
                int loop = add(SPLIT, null);
                next.set(loop, body);
                connect(dangling.get(body), loop);
                dangling.set(loop, new ArrayList<>(List.of(-loop - 2))); // the loop exits by its alternative
                int entry = items.isEmpty() ? loop : sequenceThen(items, loop);
                return entry;
            }
            // Each optional copy may be skipped, and skipping one skips the rest: a?(a?(a?)) shape.
            int tail = -1;
            for (int i = repeat.max() - repeat.min(); i > 0; i--) {
                int body = emit(repeat.body());
                int split = add(SPLIT, null);
                next.set(split, body);
                List<Integer> exits = new ArrayList<>(List.of(-split - 2));
                if (tail >= 0) {
                    connect(dangling.get(body), tail);
                    exits.addAll(dangling.get(tail));
                } else {
                    exits.addAll(dangling.get(body));
                }
                dangling.set(split, exits);
                tail = split;
            }
            if (tail < 0) {
                return sequence(items);
            }
            return items.isEmpty() ? tail : sequenceThen(items, tail);
        }

        /** The fixed copies {@code items}, then the fragment at {@code last}. */
        private int sequenceThen(List<Regex> items, int last) {
            List<Integer> lastExits = dangling.get(last);
            int entry = sequence(items);
            connect(dangling.get(entry), last);
            dangling.set(entry, lastExits);
            return entry;
        }

        /** Points every dangling exit at {@code target}; an exit {@code -s-2} is state s's alternative. */
        private void connect(List<Integer> exits, int target) {
            for (int exit : exits) {
                if (exit <= -2) {
                    alternative.set(-exit - 2, target);
                } else {
                    next.set(exit, target);
                }
            }
        }

        void patch(int entry, int target) {
            connect(dangling.get(entry), target);
        }
    }
}
