package dev.herald.core.urlpattern;

import java.util.ArrayList;
import java.util.List;

/**
 * The URL Pattern tokenizer: splits a pattern string into names ({@code :id}), regexp groups,
 * {@code {}} groupings, modifiers, escaped and plain characters. The strict policy refuses a
 * malformed token; the lenient one (used to split a constructor string into components) turns it
 * into an {@code INVALID_CHAR} token.
 */
final class PatternTokenizer {

    enum Type { OPEN, CLOSE, REGEXP, NAME, CHAR, ESCAPED_CHAR, OTHER_MODIFIER, ASTERISK, END, INVALID_CHAR }

    /** A token: its type, where it starts in the input, and its value (without {@code :}, parentheses, backslash). */
    record Token(Type type, int index, String value) {
    }

    private final String input;
    private final boolean strict;
    private final List<Token> tokens = new ArrayList<>();
    private int index;

    private PatternTokenizer(String input, boolean strict) {
        this.input = input;
        this.strict = strict;
    }

    static List<Token> tokenize(String input, boolean strict) {
        PatternTokenizer tokenizer = new PatternTokenizer(input, strict);
        tokenizer.run();
        return tokenizer.tokens;
    }

    private int codePointAt(int position) {
        return input.codePointAt(position);
    }

    private int after(int position) {
        return position + Character.charCount(input.codePointAt(position));
    }

    private void add(Type type, int next, int valueStart, int valueEnd) {
        tokens.add(new Token(type, index, input.substring(valueStart, valueEnd)));
        index = next;
    }

    private void addSingle(Type type) {
        int next = after(index);
        add(type, next, index, next);
    }

    private void error(int next, int valueStart, String reason) {
        if (strict) {
            throw new IllegalArgumentException(reason + " at index " + valueStart);
        }
        add(Type.INVALID_CHAR, next, valueStart, next);
    }

    private void run() {
        while (index < input.length()) {
            int c = codePointAt(index);
            switch (c) {
                case '*' -> addSingle(Type.ASTERISK);
                case '+', '?' -> addSingle(Type.OTHER_MODIFIER);
                case '{' -> addSingle(Type.OPEN);
                case '}' -> addSingle(Type.CLOSE);
                case '\\' -> escape();
                case ':' -> name();
                case '(' -> regexp();
                default -> addSingle(Type.CHAR);
            }
        }
        tokens.add(new Token(Type.END, input.length(), ""));
    }

    private void escape() {
        if (after(index) >= input.length()) {
            error(after(index), index, "trailing backslash");
            return;
        }
        int escaped = after(index);
        int next = after(escaped);
        add(Type.ESCAPED_CHAR, next, escaped, next);
    }

    private void name() {
        int start = after(index);
        int position = start;
        while (position < input.length()) {
            int c = codePointAt(position);
            if (!isNameCodePoint(c, position == start)) {
                break;
            }
            position = after(position);
        }
        if (position <= start) {
            error(start, index, "missing parameter name");
            return;
        }
        add(Type.NAME, position, start, position);
    }

    static boolean isNameCodePoint(int c, boolean first) {
        if (first) {
            return c == '$' || c == '_' || Character.isUnicodeIdentifierStart(c);
        }
        return c == '$' || c == 0x200C || c == 0x200D
                || (Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }

    private void regexp() {
        int depth = 1;
        int start = after(index);
        int position = start;
        while (position < input.length()) {
            int c = codePointAt(position);
            if (c >= 128) {
                error(start, index, "non-ASCII character in regexp group");
                return;
            }
            if (position == start && c == '?') {
                error(start, index, "regexp group must not start with '?'");
                return;
            }
            if (c == '\\') {
                if (position == input.length() - 1) {
                    error(start, index, "trailing backslash in regexp group");
                    return;
                }
                int escaped = after(position);
                if (codePointAt(escaped) >= 128) {
                    error(start, index, "non-ASCII character in regexp group");
                    return;
                }
                position = after(escaped);
                continue;
            }
            if (c == ')') {
                depth--;
                if (depth == 0) {
                    position = after(position);
                    break;
                }
            } else if (c == '(') {
                depth++;
                if (position == input.length() - 1) {
                    error(start, index, "unbalanced regexp group");
                    return;
                }
                if (codePointAt(after(position)) != '?') {
                    error(start, index, "capturing groups are not allowed inside a regexp group");
                    return;
                }
            }
            position = after(position);
        }
        if (depth != 0) {
            error(start, index, "unbalanced regexp group");
            return;
        }
        int length = position - start - 1;
        if (length == 0) {
            error(start, index, "empty regexp group");
            return;
        }
        add(Type.REGEXP, position, start, position - 1);
    }
}
