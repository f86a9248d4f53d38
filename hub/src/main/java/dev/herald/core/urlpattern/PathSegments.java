package dev.herald.core.urlpattern;

import java.util.List;
import java.util.Locale;

/**
 * The URL standard's path state: a path read segment by segment, each percent-encoded, with
 * {@code .} and {@code ..} (also written {@code %2e}) resolved as they come, and the Windows drive
 * letter rules of {@code file:} URLs.
 */
final class PathSegments {
    private static final int EOF = -1;

    private PathSegments() {
    }

    /**
     * The path state from {@code from}: reads segments into {@code url}'s path until the end, or a
     * {@code ?} or {@code #} unless {@code override} (the pattern canonicalisation, which encodes
     * them). Returns the index where it stopped.
     */
    static int read(int[] input, int from, WebUrl url, boolean override) {
        StringBuilder buffer = new StringBuilder();
        int pointer = from;
        while (true) {
            int c = pointer < input.length ? input[pointer] : EOF;
            boolean slash = c == '/' || (url.special() && c == '\\');
            if (c == EOF || slash || (!override && (c == '?' || c == '#'))) {
                String segment = buffer.toString();
                if (isDoubleDot(segment)) {
                    shorten(url);
                    if (!slash) {
                        url.path.add("");
                    }
                } else if (isSingleDot(segment) && !slash) {
                    url.path.add("");
                } else if (!isSingleDot(segment)) {
                    if (url.scheme.equals("file") && url.path.isEmpty() && isWindowsDriveLetter(segment)) {
                        if (url.host != null && !url.host.isEmpty()) {
                            url.host = "";
                        }
                        segment = segment.charAt(0) + ":" + segment.substring(2);
                    }
                    url.path.add(segment);
                }
                buffer.setLength(0);
                if (!slash) {
                    return pointer;
                }
            } else {
                PercentEncoding.PATH.append(buffer, c);
            }
            pointer++;
        }
    }

    static void shorten(WebUrl url) {
        List<String> path = url.path;
        if (url.scheme.equals("file") && path.size() == 1 && isNormalizedDriveLetter(path.get(0))) {
            return;
        }
        if (!path.isEmpty()) {
            path.remove(path.size() - 1);
        }
    }

    static boolean isWindowsDriveLetter(String text) {
        return text.length() == 2 && UrlParser.isAlpha(text.charAt(0)) && (text.charAt(1) == ':' || text.charAt(1) == '|');
    }

    static boolean isNormalizedDriveLetter(String text) {
        return isWindowsDriveLetter(text) && text.charAt(1) == ':';
    }

    private static boolean isSingleDot(String segment) {
        return segment.equals(".") || segment.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String segment) {
        return switch (segment.toLowerCase(Locale.ROOT)) {
            case "..", ".%2e", "%2e.", "%2e%2e" -> true;
            default -> false;
        };
    }
}
