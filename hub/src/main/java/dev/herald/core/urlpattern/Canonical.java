package dev.herald.core.urlpattern;

import java.util.List;

/**
 * The encoding callbacks of the URL Pattern standard: how the fixed text of each component is
 * canonicalised, so that a pattern compares with URLs as the URL parser writes them. Each throws
 * IllegalArgumentException for text no URL could hold in that component.
 */
final class Canonical {
    private Canonical() {
    }

    static String protocol(String value) {
        if (value.isEmpty()) {
            return value;
        }
        WebUrl url = WebUrl.parse(value + "://dummy.test", null);
        if (url == null) {
            throw new IllegalArgumentException("invalid protocol '" + value + "'");
        }
        return url.scheme;
    }

    static String userinfo(String value) {
        return PercentEncoding.USERINFO.encode(value);
    }

    /**
     * A hostname as a special URL's host parser leaves it (lower-cased, internationalised names to
     * ASCII, IPv4 numbers normalised); tabs and newlines are dropped. A forbidden host code point
     * is refused, {@code %} kept as it is. A {@code /}, {@code ?} or {@code #} (which a pattern string
     * can put in its hostname only inside a <code>{}</code> group) is refused too, rather than ending
     * the host there: cutting it off would widen the pattern beyond what its text says.
     */
    static String hostname(String value) {
        value = value.replace("\t", "").replace("\n", "").replace("\r", "");
        if (value.isEmpty()) {
            return value;
        }
        boolean insideBrackets = false;
        for (char c : value.toCharArray()) {
            if ((c == ':' && !insideBrackets) || c == '/' || c == '?' || c == '#') {
                throw new IllegalArgumentException("invalid hostname '" + value + "'");
            }
            insideBrackets = c == '[' || (insideBrackets && c != ']');
        }
        String host = value;
        if (host.indexOf('%') >= 0 && host.chars().allMatch(c -> c < 128)) {
            for (int i = 0; i < host.length(); i++) {
                if (HostParser.forbiddenHostCodePoint(host.charAt(i))) {
                    throw new IllegalArgumentException("invalid hostname '" + value + "'");
                }
            }
            return WebUrl.lower(host);
        }
        String parsed = HostParser.parse(host, true);
        if (parsed == null) {
            throw new IllegalArgumentException("invalid hostname '" + value + "'");
        }
        return parsed;
    }

    static String ipv6Hostname(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (!(Character.digit(c, 16) >= 0 && c < 128) && c != '[' && c != ']' && c != ':') {
                throw new IllegalArgumentException("invalid IPv6 hostname '" + value + "'");
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /**
     * A port's digits without leading zeros, up to the first character that is not a digit;
     * {@code protocol} (may be null) drops its default port. Refused when it does not start with
     * a digit or is past 65535.
     */
    static String port(String value, String protocol) {
        if (value.isEmpty()) {
            return value;
        }
        int end = 0;
        while (end < value.length() && UrlParser.isDigit(value.charAt(end))) {
            end++;
        }
        String digits = value.substring(0, end).replaceFirst("^0+(?=.)", "");
        if (end == 0 || digits.length() > 5 || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("invalid port '" + value + "'");
        }
        return protocol == null ? digits : WebUrl.port(digits, protocol);
    }

    /** A path as a special URL holds it: dot segments resolved, each segment percent-encoded. */
    static String pathname(String value) {
        if (value.isEmpty()) {
            return value;
        }
        boolean leadingSlash = value.charAt(0) == '/';
        String modified = leadingSlash ? value : "/-" + value;
        WebUrl url = WebUrl.empty();
        url.scheme = "https";
        int[] input = modified.codePoints().toArray();
        // The path start state of a special URL: a leading slash or backslash is consumed.
        int from = input.length > 0 && (input[0] == '/' || input[0] == '\\') ? 1 : 0;
        PathSegments.read(input, from, url, true);
        String path = url.pathname();
        if (leadingSlash) {
            return path;
        }
        // Without its leading "/-" (which a ".." right after a backslash can already have removed).
        return path.length() >= 2 ? path.substring(2) : "";
    }

    static String opaquePathname(String value) {
        return PercentEncoding.C0_CONTROL.encode(value);
    }

    static String search(String value) {
        return PercentEncoding.SPECIAL_QUERY.encode(value);
    }

    static String hash(String value) {
        return PercentEncoding.FRAGMENT.encode(value);
    }

    /** True when the pattern text of a hostname is an IPv6 address (starts with a bracket). */
    static boolean isIpv6Pattern(String value) {
        if (value.length() < 2) {
            return false;
        }
        return value.charAt(0) == '[' || List.of("{[", "\\[").contains(value.substring(0, 2));
    }
}
