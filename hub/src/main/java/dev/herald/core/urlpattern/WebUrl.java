package dev.herald.core.urlpattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A URL parsed by the WHATWG basic URL parser, as a URL pattern sees it: the eight components,
 * canonical (scheme and domain lower-cased, default port dropped, dot segments removed, each
 * component percent-encoded with its own set). {@link #parse} returns null where the standard
 * returns failure.
 *
 * <p>Covers special schemes (http, https, ws, wss, ftp, file) and non-special ones ({@code urn:},
 * {@code data:}, {@code foo://host/path}); domains beyond ASCII go through {@link java.net.IDN}.
 *
 * <p>Threading: never changed once {@link #parse} returns it; safe to share.
 */
public final class WebUrl {
    static final Map<String, Integer> SPECIAL = Map.of(
            "ftp", 21, "file", -1, "http", 80, "https", 443, "ws", 80, "wss", 443);

    String scheme = "";
    String username = "";
    String password = "";
    String host;
    String port = "";
    List<String> path = new ArrayList<>();
    String opaquePath;
    String query;
    String fragment;

    private WebUrl() {
    }

    /** Parses {@code input} as a URL reference against {@code base} (which may be null); null when it is not one. */
    public static WebUrl parse(String input, WebUrl base) {
        return new UrlParser(input, base).run();
    }

    static WebUrl empty() {
        return new WebUrl();
    }

    boolean special() {
        return SPECIAL.containsKey(scheme);
    }

    boolean hasOpaquePath() {
        return opaquePath != null;
    }

    public String protocol() {
        return scheme;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String hostname() {
        return host == null ? "" : host;
    }

    public String port() {
        return port;
    }

    public String pathname() {
        if (opaquePath != null) {
            return opaquePath;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(segment);
        }
        return out.toString();
    }

    public String search() {
        return query == null ? "" : query;
    }

    public String hash() {
        return fragment == null ? "" : fragment;
    }

    /** The port as the URL keeps it: empty when absent or the scheme's default. */
    static String port(String digits, String scheme) {
        Integer standard = SPECIAL.get(scheme);
        int value = Integer.parseInt(digits);
        return standard != null && standard == value ? "" : Integer.toString(value);
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return scheme + "://" + username + ":" + password + "@" + hostname() + ":" + port + pathname()
                + "?" + search() + "#" + hash();
    }
}
