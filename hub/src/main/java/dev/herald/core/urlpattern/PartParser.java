package dev.herald.core.urlpattern;

import dev.herald.core.urlpattern.PatternTokenizer.Token;
import dev.herald.core.urlpattern.PatternTokenizer.Type;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Parses one component's pattern string into {@link Part}s, as the standard's "parse a pattern
 * string" does: fixed text is canonicalised by the component's encoding callback as it is added,
 * a group's prefix and suffix too; names must be unique.
 */
final class PartParser {
    /** The delimiter a segment wildcard stops at and the prefix a group may take on, per component. */
    record Options(String delimiter, String prefix) {
        static final Options DEFAULT = new Options("", "");
        static final Options HOSTNAME = new Options(".", "");
        static final Options PATHNAME = new Options("/", "/");
    }

    private final List<Token> tokens;
    private final UnaryOperator<String> encode;
    private final Options options;
    private final List<Part> parts = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final StringBuilder pendingFixed = new StringBuilder();
    private int index;
    private int nextNumericName;

    private PartParser(String input, UnaryOperator<String> encode, Options options) {
        this.tokens = PatternTokenizer.tokenize(input, true);
        this.encode = encode;
        this.options = options;
    }

    static List<Part> parse(String input, UnaryOperator<String> encode, Options options) {
        PartParser parser = new PartParser(input, encode, options);
        parser.run();
        return parser.parts;
    }

    private void run() {
        while (index < tokens.size()) {
            Token charToken = tryConsume(Type.CHAR);
            Token nameToken = tryConsume(Type.NAME);
            Token regexpOrWildcard = tryConsumeRegexpOrWildcard(nameToken);
            if (nameToken != null || regexpOrWildcard != null) {
                String prefix = charToken == null ? "" : charToken.value();
                if (!prefix.isEmpty() && !prefix.equals(options.prefix())) {
                    pendingFixed.append(prefix);
                    prefix = "";
                }
                flushPendingFixed();
                Token modifier = tryConsumeModifier();
                addPart(prefix, nameToken, regexpOrWildcard, "", modifier);
                continue;
            }
            Token fixed = charToken != null ? charToken : tryConsume(Type.ESCAPED_CHAR);
            if (fixed != null) {
                pendingFixed.append(fixed.value());
                continue;
            }
            if (tryConsume(Type.OPEN) != null) {
                String prefix = consumeText();
                Token name = tryConsume(Type.NAME);
                Token regexp = tryConsumeRegexpOrWildcard(name);
                String suffix = consumeText();
                consumeRequired(Type.CLOSE, "expected '}'");
                Token modifier = tryConsumeModifier();
                addPart(prefix, name, regexp, suffix, modifier);
                continue;
            }
            flushPendingFixed();
            consumeRequired(Type.END, "unexpected '" + tokens.get(index).value() + "'");
        }
    }

    private Token tryConsume(Type type) {
        if (index < tokens.size() && tokens.get(index).type() == type) {
            return tokens.get(index++);
        }
        return null;
    }

    private Token tryConsumeModifier() {
        Token token = tryConsume(Type.OTHER_MODIFIER);
        return token != null ? token : tryConsume(Type.ASTERISK);
    }

    private Token tryConsumeRegexpOrWildcard(Token name) {
        Token token = tryConsume(Type.REGEXP);
        if (name == null && token == null) {
            token = tryConsume(Type.ASTERISK);
        }
        return token;
    }

    private String consumeText() {
        StringBuilder text = new StringBuilder();
        while (true) {
            Token token = tryConsume(Type.CHAR);
            if (token == null) {
                token = tryConsume(Type.ESCAPED_CHAR);
            }
            if (token == null) {
                return text.toString();
            }
            text.append(token.value());
        }
    }

    private void consumeRequired(Type type, String reason) {
        Token token = tryConsume(type);
        if (token == null) {
            throw new IllegalArgumentException(reason + " at index " + tokens.get(index).index());
        }
    }

    private void flushPendingFixed() {
        if (pendingFixed.length() == 0) {
            return;
        }
        String encoded = encode.apply(pendingFixed.toString());
        pendingFixed.setLength(0);
        parts.add(Part.fixed(encoded, Part.Modifier.NONE));
    }

    private void addPart(String prefix, Token nameToken, Token regexpOrWildcard, String suffix, Token modifierToken) {
        Part.Modifier modifier = Part.Modifier.NONE;
        if (modifierToken != null) {
            modifier = switch (modifierToken.value()) {
                case "?" -> Part.Modifier.OPTIONAL;
                case "*" -> Part.Modifier.ZERO_OR_MORE;
                default -> Part.Modifier.ONE_OR_MORE;
            };
        }
        if (nameToken == null && regexpOrWildcard == null && modifier == Part.Modifier.NONE) {
            pendingFixed.append(prefix);
            return;
        }
        flushPendingFixed();
        if (nameToken == null && regexpOrWildcard == null) {
            if (!prefix.isEmpty()) {
                parts.add(Part.fixed(encode.apply(prefix), modifier));
            }
            return;
        }
        String segmentWildcard = "[^" + escapeRegexp(options.delimiter()) + "]+?";
        String regexp;
        if (regexpOrWildcard == null) {
            regexp = segmentWildcard;
        } else if (regexpOrWildcard.type() == Type.ASTERISK) {
            regexp = ".*";
        } else {
            regexp = regexpOrWildcard.value();
        }
        Part.Type type = Part.Type.REGEXP;
        if (regexp.equals(segmentWildcard)) {
            type = Part.Type.SEGMENT_WILDCARD;
            regexp = "";
        } else if (regexp.equals(".*")) {
            type = Part.Type.FULL_WILDCARD;
            regexp = "";
        }
        String name;
        if (nameToken != null) {
            name = nameToken.value();
        } else {
            name = Integer.toString(nextNumericName++);
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate group name '" + name + "'");
        }
        parts.add(new Part(type, regexp, modifier, name, encode.apply(prefix), encode.apply(suffix)));
    }

    /** Escapes what a regexp reads as syntax, as the standard's "escape a regexp string". */
    static String escapeRegexp(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (".+*?^${}()[]|/\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
