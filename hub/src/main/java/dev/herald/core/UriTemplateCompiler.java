package dev.herald.core;

import java.util.regex.Pattern;

/**
 * Turns an RFC 6570 URI template (levels 1 to 4) into a regular expression that matches the
 * template's expansions. Each expression may expand to nothing (an undefined variable), as the RFC
 * says; a simple <code>{var}</code> never spans a {@code /}, a reserved <code>{+var}</code> may.
 */
final class UriTemplateCompiler {
    // RFC 3986 unreserved characters and percent-encoded octets.
    private static final String UNRESERVED = "(?:[A-Za-z0-9\\-._~]|%[0-9A-Fa-f]{2})";
    // Unreserved plus reserved characters, for the + and # operators.
    private static final String RESERVED = "(?:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})";
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_.%]+(?::[1-9][0-9]{0,3}|\\*)?");

    private UriTemplateCompiler() {
    }

    static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        int position = 0;
        while (position < template.length()) {
            int open = template.indexOf('{', position);
            int close = template.indexOf('}', position);
            if (open < 0) {
                if (close >= 0) {
                    throw invalid(template, "'}' without '{'");
                }
                regex.append(Pattern.quote(template.substring(position)));
                break;
            }
            if (close >= 0 && close < open) {
                throw invalid(template, "'}' without '{'");
            }
            if (close < 0) {
                throw invalid(template, "unclosed '{'");
            }
            if (open > position) {
                regex.append(Pattern.quote(template.substring(position, open)));
            }
            regex.append(expression(template, template.substring(open + 1, close)));
            position = close + 1;
        }
        return Pattern.compile(regex.toString());
    }

    private static String expression(String template, String body) {
        if (body.isEmpty()) {
            throw invalid(template, "empty expression '{}'");
        }
        char operator = body.charAt(0);
        String variables = "+#./;?&".indexOf(operator) >= 0 ? body.substring(1) : body;
        if (variables.isEmpty()) {
            throw invalid(template, "expression without a variable");
        }
        for (String variable : variables.split(",", -1)) {
            if (!VARIABLE.matcher(variable).matches()) {
                throw invalid(template, "bad variable '" + variable + "'");
            }
        }
        String value = (operator == '+' || operator == '#') ? RESERVED + "*" : UNRESERVED + "*";
        String named = "[A-Za-z0-9_.%]+(?:=" + UNRESERVED + "*)?";
        return switch (operator) {
            case '+' -> value;
            case '#' -> "(?:#" + value + ")?";
            case '.' -> "(?:\\." + value + ")*";
            case '/' -> "(?:/" + value + ")*";
            case ';' -> "(?:;" + named + ")*";
            case '?' -> "(?:\\?" + named + "(?:&" + named + ")*)?";
            case '&' -> "(?:&" + named + ")*";
            default -> "(?:" + value + "(?:," + value + ")*)?";
        };
    }

    private static IllegalArgumentException invalid(String template, String why) {
        return new IllegalArgumentException("invalid URI template " + template + ": " + why);
    }
}
