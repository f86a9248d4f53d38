package dev.herald.core;

import dev.herald.core.urlpattern.WebUrl;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The hub's reserved namespace (draft-08, Publication): the path of {@code hub_url} and everything
 * under it belong to updates the hub makes itself, such as subscription events, so no publisher may
 * publish there. A topic is parsed against {@code hub_url} with the WHATWG URL parser URL patterns
 * use ({@link WebUrl}: backslashes are slashes in http(s) URLs, dot segments and their
 * percent-encoded forms are removed); its path then has the percent-encoded unreserved characters
 * decoded and the dot segments removed again (RFC 3986), and it is reserved when that path is the
 * hub's path or starts with it plus {@code /}, whatever the scheme and host. So
 * {@code /.well-known/%6Dercure/x}, {@code /a/../.well-known/mercure/x} and
 * {@code https://other.example/.well-known/mercure/x} are all reserved; {@code urn:x} is not, nor is
 * a topic that is no URL reference at all.
 *
 * <p>Threading: immutable; safe from any event loop.
 */
public final class ReservedNamespace {
    private final WebUrl base;
    private final String reservedPath;

    /** @param hubUrl the hub's public URL: an absolute http(s) URL with a path */
    public ReservedNamespace(URI hubUrl) {
        this.base = WebUrl.parse(hubUrl.toString(), null);
        if (base == null) {
            throw new IllegalArgumentException("hub_url is not a URL: " + hubUrl);
        }
        String path = normalize(base.pathname());
        this.reservedPath = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Whether publishing to {@code topic} would write in the hub's namespace. */
    public boolean contains(String topic) {
        WebUrl url = WebUrl.parse(topic, base);
        if (url == null) {
            return false;
        }
        String path = normalize(url.pathname());
        if (reservedPath.equals("/")) {
            return path.startsWith("/");
        }
        return path.equals(reservedPath) || path.startsWith(reservedPath + "/");
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
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && !output.isEmpty()) {
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
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
