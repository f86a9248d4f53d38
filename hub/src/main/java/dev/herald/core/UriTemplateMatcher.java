package dev.herald.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a topic is an expansion of an RFC 6570 URI template (levels 1 to 4): true when
 * some values of its variables (undefined, a string, a list or an associative array) expand to
 * exactly the topic, and only then. Templates are also grants ({@code mercure.subscribe},
 * {@code mercure.publish}), so a template never matches more than its expansions:
 * <ul>
 *   <li>{@code {var}} writes unreserved characters and percent-encoded ones, so never a {@code /},
 *       a {@code ?} or a {@code #}; a list adds commas. {@code {+var}} and {@code {#var}} also keep
 *       reserved characters.</li>
 *   <li>{@code {var:3}} writes at most 3 characters of the value (an encoded character counts once).</li>
 *   <li>{@code {/var}} is one path segment, {@code {/var*}} any number; {@code {.var}} likewise with dots.</li>
 *   <li>{@code {;x}}, {@code {?x}}, {@code {&x}} write {@code x=value} (or {@code ;x} for an empty
 *       value), in template order; only an exploded variable ({@code {?x*}}) stands for other names.</li>
 *   <li>Any expression may expand to nothing, since its variables may be undefined.</li>
 * </ul>
 *
 * <p>Cost: a backtracking regex would be exponential on adjacent expressions such as
 * <code>{a}{a}{a}…</code>; here the template becomes an automaton simulated over the topic
 * ({@link TemplateNfa}), linear in the topic's length. A template has at most
 * {@link #MAX_VARIABLES} variables, and one match at most {@link #MAX_MATCH_STEPS} steps: past
 * that bound the topic counts as not matched, so a costly template fails closed (a subscription
 * does not receive the update, a grant does not allow the topic).
 *
 * <p>Threading: immutable; matches may run concurrently.
 */
final class UriTemplateMatcher {
    /** Most variables in all of a template's expressions together (so also most expressions). */
    static final int MAX_VARIABLES = 20;
    /** Most steps one match may take (a step: one automaton state on one token of the topic). */
    static final int MAX_MATCH_STEPS = 50_000;

    private static final Pattern VARSPEC = Pattern.compile(
            "((?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*)(?::([1-9][0-9]{0,3})|(\\*))?");

    /** RFC 6570 appendix A: how each operator writes its expansion. */
    private enum Operator {
        SIMPLE("", ",", false, false),
        RESERVED("", ",", false, true),
        FRAGMENT("#", ",", false, true),
        LABEL(".", ".", false, false),
        PATH("/", "/", false, false),
        PARAMETER(";", ";", true, false),
        QUERY("?", "&", true, false),
        CONTINUATION("&", "&", true, false);

        final String first;
        final String separator;
        final boolean named;
        final boolean reserved;

        Operator(String first, String separator, boolean named, boolean reserved) {
            this.first = first;
            this.separator = separator;
            this.named = named;
            this.reserved = reserved;
        }

        static Operator of(char c) {
            return switch (c) {
                case '+' -> RESERVED;
                case '#' -> FRAGMENT;
                case '.' -> LABEL;
                case '/' -> PATH;
                case ';' -> PARAMETER;
                case '?' -> QUERY;
                case '&' -> CONTINUATION;
                default -> SIMPLE;
            };
        }

        /** {@code ;} writes a bare name for an empty value; {@code ?} and {@code &} write {@code name=}. */
        boolean bareNameWhenEmpty() {
            return this == PARAMETER;
        }
    }

    /** One variable of an expression, with its modifier: a prefix length, or explode. */
    private record VarSpec(String name, int prefix, boolean explode) {
    }

    /** A piece of automaton leading from one state to another. */
    @FunctionalInterface
    private interface Fragment {
        void emit(TemplateNfa.Builder nfa, int from, int to);
    }

    private final int[] leading;
    private final int[] trailing;
    private final TemplateNfa middle;

    private UriTemplateMatcher(int[] leading, int[] trailing, TemplateNfa middle) {
        this.leading = leading;
        this.trailing = trailing;
        this.middle = middle;
    }

    /** Parses {@code template}; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static UriTemplateMatcher compile(String template) {
        List<String> literals = new ArrayList<>();
        List<Fragment> expressions = new ArrayList<>();
        int variables = 0;
        int position = 0;
        while (true) {
            int open = template.indexOf('{', position);
            String text = template.substring(position, open < 0 ? template.length() : open);
            if (text.indexOf('}') >= 0) {
                throw invalid(template, "'}' without '{'");
            }
            literals.add(text);
            if (open < 0) {
                break;
            }
            int close = template.indexOf('}', open);
            int nextOpen = template.indexOf('{', open + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                throw invalid(template, "unclosed '{'");
            }
            List<VarSpec> specs = varSpecs(template, template.substring(open + 1, close));
            variables += specs.size();
            if (variables > MAX_VARIABLES) {
                throw invalid(template, "more than " + MAX_VARIABLES + " variables");
            }
            expressions.add(expression(Operator.of(template.charAt(open + 1)), specs));
            position = close + 1;
        }
        // The text before the first expression and after the last is compared directly; only the
        // part between them needs the automaton.
        TemplateNfa.Builder nfa = new TemplateNfa.Builder();
        int start = nfa.state();
        int at = start;
        for (int i = 0; i < expressions.size(); i++) {
            if (i > 0) {
                int next = nfa.state();
                nfa.literal(at, literals.get(i), next);
                at = next;
            }
            int next = nfa.state();
            expressions.get(i).emit(nfa, at, next);
            at = next;
        }
        String trailing = expressions.isEmpty() ? "" : literals.get(literals.size() - 1);
        return new UriTemplateMatcher(TemplateNfa.tokens(literals.get(0)), TemplateNfa.tokens(trailing),
                nfa.build(start, at));
    }

    boolean matches(String topic) {
        int[] tokens = TemplateNfa.tokens(topic);
        int end = tokens.length - trailing.length;
        if (end < leading.length
                || !Arrays.equals(tokens, 0, leading.length, leading, 0, leading.length)
                || !Arrays.equals(tokens, end, tokens.length, trailing, 0, trailing.length)) {
            return false;
        }
        return middle.accepts(tokens, leading.length, end, MAX_MATCH_STEPS);
    }

    private static List<VarSpec> varSpecs(String template, String body) {
        if (body.isEmpty()) {
            throw invalid(template, "empty expression '{}'");
        }
        boolean hasOperator = "+#./;?&".indexOf(body.charAt(0)) >= 0;
        String list = hasOperator ? body.substring(1) : body;
        if (list.isEmpty()) {
            throw invalid(template, "expression without a variable");
        }
        List<VarSpec> specs = new ArrayList<>();
        for (String spec : list.split(",", -1)) {
            Matcher parts = VARSPEC.matcher(spec);
            if (!parts.matches()) {
                throw invalid(template, "bad variable '" + spec + "'");
            }
            specs.add(new VarSpec(parts.group(1), parts.group(2) == null ? 0 : Integer.parseInt(parts.group(2)),
                    parts.group(3) != null));
        }
        return specs;
    }

    /**
     * Nothing (every variable undefined), or the operator's first string followed by the parts of
     * the defined variables, in order, joined by its separator.
     */
    private static Fragment expression(Operator op, List<VarSpec> specs) {
        List<Fragment> parts = specs.stream().map(spec -> part(op, spec)).toList();
        Fragment defined = seq(literal(op.first), joinSome(parts, literal(op.separator)));
        return alt(empty(), defined);
    }

    /** What one defined variable writes (RFC 6570 appendix A), whatever kind of value it holds. */
    private static Fragment part(Operator op, VarSpec spec) {
        Fragment value = value(op, TemplateNfa.UNBOUNDED, false);
        Fragment separator = literal(op.separator);
        Fragment equals = literal("=");
        if (!op.named) {
            if (spec.prefix() > 0) {
                return value(op, spec.prefix(), false); // prefixes apply to strings only
            }
            if (spec.explode()) {
                // a list (members joined by the separator) or an associative array (key=value pairs)
                return alt(repeat(value, separator), repeat(seq(value, equals, value), separator));
            }
            return repeat(value, literal(",")); // a string, or a list or pairs joined by commas
        }
        Fragment name = literal(spec.name());
        if (spec.prefix() > 0) {
            return op.bareNameWhenEmpty()
                    ? seq(name, alt(empty(), seq(equals, value(op, spec.prefix(), true))))
                    : seq(name, equals, value(op, spec.prefix(), false));
        }
        if (spec.explode()) {
            // each member named after the variable, or each pair named after its key
            Fragment item = op.bareNameWhenEmpty()
                    ? seq(value, alt(empty(), seq(equals, value(op, TemplateNfa.UNBOUNDED, true))))
                    : seq(value, equals, value);
            return repeat(item, separator);
        }
        Fragment joined = seq(name, equals, repeat(value, literal(",")));
        return op.bareNameWhenEmpty() ? alt(name, joined) : joined;
    }

    private static Fragment value(Operator op, int maxChars, boolean nonEmpty) {
        TemplateNfa.Value run = new TemplateNfa.Value(op.reserved, maxChars, nonEmpty);
        return (nfa, from, to) -> nfa.value(from, run, to);
    }

    private static Fragment literal(String text) {
        return (nfa, from, to) -> nfa.literal(from, text, to);
    }

    private static Fragment empty() {
        return TemplateNfa.Builder::epsilon;
    }

    private static Fragment seq(Fragment... fragments) {
        return (nfa, from, to) -> {
            int at = from;
            for (int i = 0; i < fragments.length - 1; i++) {
                int next = nfa.state();
                fragments[i].emit(nfa, at, next);
                at = next;
            }
            fragments[fragments.length - 1].emit(nfa, at, to);
        };
    }

    private static Fragment alt(Fragment... fragments) {
        return (nfa, from, to) -> {
            for (Fragment fragment : fragments) {
                fragment.emit(nfa, from, to);
            }
        };
    }

    /** {@code item}, then any number of {@code separator item}. */
    private static Fragment repeat(Fragment item, Fragment separator) {
        return (nfa, from, to) -> {
            int before = nfa.state();
            int after = nfa.state();
            nfa.epsilon(from, before);
            item.emit(nfa, before, after);
            separator.emit(nfa, after, before);
            nfa.epsilon(after, to);
        };
    }

    /** At least one of {@code parts}, in order, joined by {@code separator}: the defined variables. */
    private static Fragment joinSome(List<Fragment> parts, Fragment separator) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return (nfa, from, to) -> {
            int none = from;            // before part i, nothing written yet
            int some = nfa.state();     // before part i, something written
            for (Fragment part : parts) {
                int nextNone = nfa.state();
                int nextSome = nfa.state();
                nfa.epsilon(none, nextNone);
                part.emit(nfa, none, nextSome);
                nfa.epsilon(some, nextSome);
                int separated = nfa.state();
                separator.emit(nfa, some, separated);
                part.emit(nfa, separated, nextSome);
                none = nextNone;
                some = nextSome;
            }
            nfa.epsilon(some, to);
        };
    }

    private static IllegalArgumentException invalid(String template, String why) {
        return new IllegalArgumentException("invalid URI template " + template + ": " + why);
    }
}
