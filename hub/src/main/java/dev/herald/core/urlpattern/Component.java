package dev.herald.core.urlpattern;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One compiled component of a URL pattern: its parts, turned into the regular expression the
 * standard's "generate a regular expression" describes and compiled to an {@link Nfa}.
 */
final class Component {
    private final Nfa nfa;

    private Component(Nfa nfa) {
        this.nfa = nfa;
    }

    static Component compile(String pattern, UnaryOperator<String> encode, PartParser.Options options) {
        return new Component(Nfa.compile(regex(PartParser.parse(pattern, encode, options), options)));
    }

    boolean matches(String input) {
        return nfa.matches(input);
    }

    private static Regex regex(List<Part> parts, PartParser.Options options) {
        List<Regex> items = new ArrayList<>();
        for (Part part : parts) {
            if (part.type() == Part.Type.FIXED_TEXT) {
                items.add(modified(Regex.literal(part.value()), part.modifier()));
                continue;
            }
            Regex value = switch (part.type()) {
                case SEGMENT_WILDCARD -> new Regex.Repeat(segment(options), 1, Regex.Repeat.UNBOUNDED);
                case FULL_WILDCARD -> new Regex.Repeat(Regex.DOT, 0, Regex.Repeat.UNBOUNDED);
                default -> RegexParser.parse(part.value());
            };
            Regex prefix = Regex.literal(part.prefix());
            Regex suffix = Regex.literal(part.suffix());
            Part.Modifier modifier = part.modifier();
            if (modifier == Part.Modifier.NONE || modifier == Part.Modifier.OPTIONAL) {
                items.add(modified(Regex.sequence(prefix, value, suffix), modifier));
            } else if (part.prefix().isEmpty() && part.suffix().isEmpty()) {
                items.add(modified(value, modifier));
            } else {
                // One or more repetitions of the value, separated by suffix then prefix.
                Regex repeated = Regex.sequence(prefix, value,
                        new Regex.Repeat(Regex.sequence(suffix, prefix, value), 0, Regex.Repeat.UNBOUNDED), suffix);
                items.add(modifier == Part.Modifier.ZERO_OR_MORE ? Regex.optional(repeated) : repeated);
            }
        }
        return new Regex.Sequence(items);
    }

    /** A code point other than the component's delimiter; any code point when it has none. */
    private static Regex segment(PartParser.Options options) {
        if (options.delimiter().isEmpty()) {
            return new Regex.CharSet(new int[0], true);
        }
        int delimiter = options.delimiter().codePointAt(0);
        return new Regex.CharSet(new int[] {delimiter, delimiter}, true);
    }

    private static Regex modified(Regex regex, Part.Modifier modifier) {
        return switch (modifier) {
            case NONE -> regex;
            case OPTIONAL -> Regex.optional(regex);
            case ZERO_OR_MORE -> new Regex.Repeat(regex, 0, Regex.Repeat.UNBOUNDED);
            case ONE_OR_MORE -> new Regex.Repeat(regex, 1, Regex.Repeat.UNBOUNDED);
        };
    }
}
