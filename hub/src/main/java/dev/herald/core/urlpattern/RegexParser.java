package dev.herald.core.urlpattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the regexp of a custom group ({@code (\d+)}) as ECMAScript reads it with the {@code v}
 * flag, into a {@link Regex}, keeping to what a linear-time automaton can match: literals,
 * {@code .}, classes with ranges, the escapes {@code \d \w \s} (and their negations), {@code \b},
 * {@code ^ $}, alternation, groups (plain, {@code (?:...)}, named), and the quantifiers
 * {@code ? * +} and {@code {n,m}} up to {@link #MAX_REPEAT}. Backreferences, lookaround, property
 * escapes and string literals in classes are refused with a reason, as is anything ECMAScript
 * itself would refuse. Classes follow the {@code v} flag: nested classes, {@code --} and {@code &&}.
 */
final class RegexParser {
    /** The largest count a bounded quantifier may name; repeats are unrolled into the automaton. */
    static final int MAX_REPEAT = 100;

    private static final int[] DIGITS = {'0', '9'};
    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
    private static final int[] SPACE = {
        '\t', '\r', ' ', ' ', 0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x202F,
        0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF};
    private static final String SYNTAX = "^$\\.*+?()[]{}|/";

    private final int[] pattern;
    private int at;

    private RegexParser(String source) {
        pattern = source.codePoints().toArray();
    }

    /** Parses {@code source}; throws IllegalArgumentException with the reason when it is refused. */
    static Regex parse(String source) {
        RegexParser parser = new RegexParser(source);
        Regex regex = parser.disjunction();
        if (parser.at < parser.pattern.length) {
            throw parser.error(parser.peek() == ')' ? "unbalanced ')'" : "unexpected '" + parser.peekText() + "'");
        }
        return regex;
    }

    private int peek() {
        return at < pattern.length ? pattern[at] : -1;
    }

    private String peekText() {
        return at < pattern.length ? new String(pattern, at, 1) : "end";
    }

    private boolean eat(int c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException("invalid regexp group: " + reason);
    }

    private Regex disjunction() {
        List<Regex> options = new ArrayList<>();
        options.add(alternative());
        while (eat('|')) {
            options.add(alternative());
        }
        return options.size() == 1 ? options.get(0) : new Regex.Alternation(options);
    }

    private Regex alternative() {
        List<Regex> items = new ArrayList<>();
        while (at < pattern.length && peek() != '|' && peek() != ')') {
            items.add(term());
        }
        return items.size() == 1 ? items.get(0) : new Regex.Sequence(items);
    }

    private Regex term() {
        int c = peek();
        if (c == '^' || c == '$') {
            at++;
            return new Regex.Assertion(c == '^' ? Regex.Assertion.Kind.START : Regex.Assertion.Kind.END);
        }
        if (c == '\\' && at + 1 < pattern.length && (pattern[at + 1] == 'b' || pattern[at + 1] == 'B')) {
            at += 2;
            return new Regex.Assertion(pattern[at - 1] == 'b'
                    ? Regex.Assertion.Kind.WORD_BOUNDARY : Regex.Assertion.Kind.NOT_WORD_BOUNDARY);
        }
        if (c == '(' && at + 2 < pattern.length && pattern[at + 1] == '?'
                && (pattern[at + 2] == '=' || pattern[at + 2] == '!'
                || (pattern[at + 2] == '<' && at + 3 < pattern.length && (pattern[at + 3] == '=' || pattern[at + 3] == '!')))) {
            throw error("lookaround assertions are not supported");
        }
        return quantified(atom());
    }

    private Regex quantified(Regex atom) {
        int min;
        int max;
        int c = peek();
        if (c == '*') {
            min = 0;
            max = Regex.Repeat.UNBOUNDED;
            at++;
        } else if (c == '+') {
            min = 1;
            max = Regex.Repeat.UNBOUNDED;
            at++;
        } else if (c == '?') {
            min = 0;
            max = 1;
            at++;
        } else if (c == '{') {
            at++;
            min = number();
            max = min;
            if (eat(',')) {
                max = peek() == '}' ? Regex.Repeat.UNBOUNDED : number();
            }
            if (!eat('}')) {
                throw error("incomplete quantifier");
            }
            if (max != Regex.Repeat.UNBOUNDED && max < min) {
                throw error("numbers out of order in {} quantifier");
            }
            if (min > MAX_REPEAT || max > MAX_REPEAT) {
                throw error("a {} quantifier may count at most " + MAX_REPEAT);
            }
        } else {
            return atom;
        }
        eat('?'); // lazy or greedy: the same set of matches
        if (atom instanceof Regex.Assertion) {
            throw error("nothing to repeat");
        }
        return new Regex.Repeat(atom, min, max);
    }

    private int number() {
        int start = at;
        long value = 0;
        while (UrlParser.isDigit(peek())) {
            value = Math.min(value * 10 + (pattern[at++] - '0'), Integer.MAX_VALUE);
        }
        if (at == start) {
            throw error("incomplete quantifier");
        }
        return (int) value;
    }

    private Regex atom() {
        int c = peek();
        switch (c) {
            case '.' -> {
                at++;
                return Regex.DOT;
            }
            case '(' -> {
                at++;
                if (eat('?')) {
                    if (eat('<')) {
                        groupName();
                    } else if (!eat(':')) {
                        throw error("unsupported group '(?" + peekText() + "'");
                    }
                }
                Regex inner = disjunction();
                if (!eat(')')) {
                    throw error("unterminated group");
                }
                return inner;
            }
            case '[' -> {
                at++;
                return characterClass();
            }
            case '\\' -> {
                at++;
                return atomEscape();
            }
            case '*', '+', '?', '{' -> throw error("nothing to repeat");
            case ')', ']', '}', '|' -> throw error("lone '" + (char) c + "'");
            default -> {
                at++;
                return Regex.single(c);
            }
        }
    }

    private void groupName() {
        int start = at;
        while (at < pattern.length && pattern[at] != '>') {
            int c = pattern[at];
            boolean first = at == start;
            if (!(first ? Character.isUnicodeIdentifierStart(c) || c == '$' || c == '_'
                    : Character.isUnicodeIdentifierPart(c) || c == '$')) {
                throw error("invalid capture group name");
            }
            at++;
        }
        if (at == start || !eat('>')) {
            throw error("invalid capture group name");
        }
    }

    private Regex atomEscape() {
        int c = peek();
        if (c < 0) {
            throw error("\\ at end of pattern");
        }
        if (c >= '1' && c <= '9' || c == 'k') {
            throw error("backreferences are not supported");
        }
        if (c == 'p' || c == 'P') {
            throw error("unicode property escapes are not supported");
        }
        int[] shorthand = shorthand(c);
        if (shorthand != null) {
            at++;
            return new Regex.CharSet(shorthand, Character.isUpperCase(c));
        }
        return Regex.single(characterEscape(false));
    }

    /** The ranges of {@code \d \w \s} (also for their upper-case negations), else null. */
    private static int[] shorthand(int c) {
        return switch (c) {
            case 'd', 'D' -> DIGITS;
            case 'w', 'W' -> WORD;
            case 's', 'S' -> SPACE;
            default -> null;
        };
    }

    /** One escaped code point after the backslash; {@code inClass} also allows {@code \-} and {@code \b}. */
    private int characterEscape(boolean inClass) {
        int c = pattern[at++];
        switch (c) {
            case 't':
                return '\t';
            case 'n':
                return '\n';
            case 'v':
                return 0x0B;
            case 'f':
                return '\f';
            case 'r':
                return '\r';
            case 'c': {
                int letter = peek();
                if (UrlParser.isAlpha(letter)) {
                    at++;
                    return letter % 32;
                }
                throw error("invalid unicode escape");
            }
            case '0':
                if (UrlParser.isDigit(peek())) {
                    throw error("invalid decimal escape");
                }
                return 0;
            case 'x':
                return hex(2);
            case 'u': {
                if (eat('{')) {
                    int start = at;
                    while (peek() >= 0 && Character.digit(peek(), 16) >= 0 && peek() < 128) {
                        at++;
                    }
                    if (at == start || !eat('}')) {
                        throw error("invalid unicode escape");
                    }
                    int value = Integer.parseInt(new String(pattern, start, at - start - 1), 16);
                    if (value > 0x10FFFF) {
                        throw error("invalid unicode escape");
                    }
                    return value;
                }
                int high = hex(4);
                if (Character.isHighSurrogate((char) high) && at + 5 < pattern.length + 0 && pattern[at] == '\\'
                        && pattern[at + 1] == 'u') {
                    int save = at;
                    at += 2;
                    int low = hex(4);
                    if (Character.isLowSurrogate((char) low)) {
                        return Character.toCodePoint((char) high, (char) low);
                    }
                    at = save;
                }
                return high;
            }
            default:
                if (SYNTAX.indexOf(c) >= 0 || (inClass && (c == '-' || isClassPunctuator(c)))) {
                    return c;
                }
                if (inClass && c == 'b') {
                    return '\b';
                }
                throw error("invalid escape '\\" + new String(Character.toChars(c)) + "'");
        }
    }

    private int hex(int digits) {
        if (at + digits > pattern.length) {
            throw error("invalid escape");
        }
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int d = pattern[at + i] < 128 ? Character.digit(pattern[at + i], 16) : -1;
            if (d < 0) {
                throw error("invalid escape");
            }
            value = value * 16 + d;
        }
        at += digits;
        return value;
    }

    /** The characters the {@code v} flag lets a class escape: its reserved double punctuators. */
    private static boolean isClassPunctuator(int c) {
        return "&!#%,:;<=>@`~".indexOf(c) >= 0;
    }

    /** A class after its {@code [}: ranges and nested classes, joined by union, {@code --} or {@code &&}. */
    private Regex characterClass() {
        return new Regex.CharSet(classContents(), false);
    }

    /** The code points of a class (the {@code v} flag's class set expression), read up to its {@code ]}. */
    private int[] classContents() {
        boolean negated = eat('^');
        int[] result;
        if (eat(']')) {
            result = new int[0];
        } else {
            int[] first = classOperand(true);
            if (startsWith("--") || startsWith("&&")) {
                String operator = startsWith("--") ? "--" : "&&";
                result = first;
                while (startsWith(operator)) {
                    at += 2;
                    int[] operand = classOperand(false);
                    result = operator.equals("--") ? intersect(result, complement(operand)) : intersect(result, operand);
                }
                if (!eat(']')) {
                    throw error(peek() < 0 ? "unterminated character class" : "invalid set operation in character class");
                }
            } else {
                List<int[]> union = new ArrayList<>();
                union.add(first);
                while (!eat(']')) {
                    if (peek() < 0) {
                        throw error("unterminated character class");
                    }
                    union.add(classOperand(true));
                }
                result = normalize(union);
            }
        }
        return negated ? complement(result) : result;
    }

    private boolean startsWith(String text) {
        return at + 1 < pattern.length && pattern[at] == text.charAt(0) && pattern[at + 1] == text.charAt(1);
    }

    /** A nested class, a shorthand, a code point, or (in a union) a range of code points. */
    private int[] classOperand(boolean rangeAllowed) {
        if (peek() < 0) {
            throw error("unterminated character class");
        }
        if (eat('[')) {
            return classContents();
        }
        int[] from = classAtom();
        if (rangeAllowed && peek() == '-' && !startsWith("--")) {
            at++;
            if (peek() < 0 || peek() == '[') {
                throw error("invalid character class range");
            }
            int[] to = classAtom();
            if (from.length != 2 || from[0] != from[1] || to.length != 2 || to[0] != to[1]) {
                throw error("invalid character class range");
            }
            if (to[0] < from[0]) {
                throw error("range out of order in character class");
            }
            return new int[] {from[0], to[0]};
        }
        return from;
    }

    private static int[] intersect(int[] a, int[] b) {
        return complement(normalize(List.of(complement(a), complement(b))));
    }

    /** One element of a class: a code point as {@code [c, c]} or a shorthand's ranges. */
    private int[] classAtom() {
        int c = pattern[at];
        if ("(){}/|-]".indexOf(c) >= 0) {
            throw error("'" + (char) c + "' must be escaped in a character class");
        }
        if (at + 1 < pattern.length && pattern[at + 1] == c && "&!#$%*+,.:;<=>?@^`~".indexOf(c) >= 0) {
            throw error("invalid set operation in character class");
        }
        at++;
        if (c != '\\') {
            return new int[] {c, c};
        }
        if (at >= pattern.length) {
            throw error("\\ at end of pattern");
        }
        int escaped = peek();
        if (escaped == 'p' || escaped == 'P' || escaped == 'q') {
            throw error("unicode property and string escapes are not supported");
        }
        int[] shorthand = shorthand(escaped);
        if (shorthand != null) {
            at++;
            return Character.isUpperCase(escaped) ? complement(shorthand) : shorthand;
        }
        int single = characterEscape(true);
        return new int[] {single, single};
    }

    private static int[] complement(int[] ranges) {
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out.add(next);
                out.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= Character.MAX_CODE_POINT) {
            out.add(next);
            out.add(Character.MAX_CODE_POINT);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Sorts and merges the pieces' ranges. */
    private static int[] normalize(List<int[]> pieces) {
        List<int[]> pairs = new ArrayList<>();
        for (int[] piece : pieces) {
            for (int i = 0; i < piece.length; i += 2) {
                pairs.add(new int[] {piece[i], piece[i + 1]});
            }
        }
        pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] out = new int[pairs.size() * 2];
        int length = 0;
        for (int[] pair : pairs) {
            if (length > 0 && pair[0] <= out[length - 1] + 1) {
                out[length - 1] = Math.max(out[length - 1], pair[1]);
            } else {
                out[length++] = pair[0];
                out[length++] = pair[1];
            }
        }
        return Arrays.copyOf(out, length);
    }
}
