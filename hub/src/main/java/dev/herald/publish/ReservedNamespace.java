package dev.herald.publish;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * The hub's reserved namespace (draft-08, Publication): the path of {@code hub_url} and everything
 * under it belong to updates the hub makes itself, such as subscription events, so no publisher may
 * publish there. A topic is resolved against {@code hub_url} as a URL parser would (WHATWG URL:
 * backslashes are slashes in http(s) URLs, tabs and line breaks are dropped), its path has the
 * percent-encoded unreserved characters decoded and the dot segments removed (RFC 3986), and it is
 * reserved when that path is the hub's path or starts with it plus {@code /}, whatever the scheme
 * and host. So {@code /.well-known/%6Dercure/x}, {@code /a/../.well-known/mercure/x} and
 * {@code https://other.example/.well-known/mercure/x} are all reserved; {@code urn:x} is not.
 *
 * <p>Threading: immutable; safe from any event loop.
 */
public final class ReservedNamespace {
    private static final Set<String> SPECIAL_SCHEMES = Set.of("http", "https", "ws", "wss", "ftp", "file");

    private final String baseScheme;
    private final String basePath;
    private final String reservedPath;

    /** @param hubUrl the hub's public URL: an absolute http(s) URL with a path */
    public ReservedNamespace(URI hubUrl) {
        this.baseScheme = hubUrl.getScheme().toLowerCase(Locale.ROOT);
        this.basePath = normalize(hubUrl.getRawPath());
        this.reservedPath = basePath.length() > 1 && basePath.endsWith("/")
                ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /** Whether publishing to {@code topic} would write in the hub's namespace. */
    public boolean contains(String topic) {
        String path = normalize(resolvedPath(topic));
        if (reservedPath.equals("/")) {
            return path.startsWith("/");
        }
        return path.equals(reservedPath) || path.startsWith(reservedPath + "/");
    }

    /** The raw path of {@code reference} resolved against the hub's URL, before normalization. */
    private String resolvedPath(String reference) {
        String text = clean(reference);
        int colon = schemeEnd(text);
        if (colon > 0) {
            String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
            String rest = text.substring(colon + 1);
            if (!SPECIAL_SCHEMES.contains(scheme)) {
                return pathOf(rest.startsWith("//") ? afterAuthority(rest.substring(2), false) : rest);
            }
            rest = rest.replace('\\', '/');
            // The hub's own scheme without "//" is a reference relative to the hub's URL (WHATWG URL).
            if (scheme.equals(baseScheme) && !rest.startsWith("//")) {
                return relative(rest);
            }
            // A special scheme reads its authority after any number of slashes (WHATWG URL).
            int start = 0;
            while (start < rest.length() && rest.charAt(start) == '/') {
                start++;
            }
            return pathOf(afterAuthority(rest.substring(start), true));
        }
        return relative(text.replace('\\', '/'));
    }

    /** A relative reference against the hub's URL (RFC 3986 section 5.2.2 for the path). */
    private String relative(String reference) {
        if (reference.startsWith("//")) {
            return pathOf(afterAuthority(reference.substring(2), true));
        }
        if (reference.startsWith("/")) {
            return pathOf(reference);
        }
        String path = pathOf(reference);
        if (path.isEmpty()) {
            return basePath;
        }
        return basePath.substring(0, basePath.lastIndexOf('/') + 1) + path;
    }

    /** What follows the authority: from the first {@code /} (or the query or fragment) on. */
    private static String afterAuthority(String text, boolean special) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
                return text.substring(i);
            }
        }
        return "";
    }

    /** The path part: up to the query or fragment. */
    private static String pathOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '#') {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** The index of the colon ending a scheme ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}), or -1. */
    private static int schemeEnd(String text) {
        if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return -1;
            }
        }
        return -1;
    }

    /** WHATWG URL: leading and trailing C0 controls and spaces are trimmed, tabs and line breaks dropped. */
    private static String clean(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        StringBuilder cleaned = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                cleaned.append(c);
            }
        }
        return cleaned.toString();
    }

    /** Percent-encoded unreserved characters decoded, then dot segments removed (RFC 3986 sections 6.2.2.2, 5.2.4). */
    static String normalize(String path) {
        return removeDotSegments(decodeUnreserved(path));
    }

    private static String decodeUnreserved(String path) {
        StringBuilder decoded = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int high = hexDigit(path.charAt(i + 1));
                int low = hexDigit(path.charAt(i + 2));
                if (high >= 0 && low >= 0 && isUnreserved((char) (high * 16 + low))) {
                    decoded.append((char) (high * 16 + low));
                    i += 2;
                    continue;
                }
            }
            decoded.append(c);
        }
        return decoded.toString();
    }

    private static String removeDotSegments(String path) {
        boolean absolute = path.startsWith("/");
        Deque<String> output = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = absolute ? 1 : 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    output.addLast("");
                }
            } else if (segment.equals("..")) {
                if (!output.isEmpty()) {
                    output.removeLast();
                }
                if (last) {
                    output.addLast("");
                }
            } else {
                output.addLast(segment);
            }
        }
        return (absolute ? "/" : "") + String.join("/", output);
    }

    /** An ASCII hex digit's value, or -1 ({@link Character#digit} would also take other scripts' digits). */
    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static boolean isUnreserved(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
