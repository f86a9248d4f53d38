package dev.herald.core.urlpattern;

import java.util.ArrayList;

/**
 * One run of the WHATWG basic URL parser (without state override), state by state as the standard
 * writes it; the path state is {@link PathSegments}, shared with the pattern canonicalisation.
 */
final class UrlParser {
    private static final int EOF = -1;

    private enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE,
        RELATIVE_SLASH, SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST, PORT,
        FILE, FILE_SLASH, FILE_HOST, PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT
    }

    private final int[] input;
    private final WebUrl base;
    private final WebUrl url = WebUrl.empty();
    private int pointer;

    UrlParser(String text, WebUrl base) {
        this.input = clean(text);
        this.base = base;
    }

    /** Strips leading and trailing C0 controls and spaces, and removes every tab and newline. */
    private static int[] clean(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= 0x20) {
            end--;
        }
        return text.substring(start, end).codePoints().filter(c -> c != '\t' && c != '\n' && c != '\r').toArray();
    }

    private int at(int index) {
        return index < input.length ? input[index] : EOF;
    }

    private String text(int from, int to) {
        return new String(input, from, to - from);
    }

    WebUrl run() {
        State state = State.SCHEME_START;
        StringBuilder buffer = new StringBuilder();
        boolean atSignSeen = false;
        boolean insideBrackets = false;
        boolean passwordTokenSeen = false;
        for (pointer = 0; ; pointer++) {
            int c = at(pointer);
            switch (state) {
                case SCHEME_START -> {
                    if (isAlpha(c)) {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                        state = State.SCHEME;
                    } else {
                        state = State.NO_SCHEME;
                        pointer--;
                    }
                }
                case SCHEME -> {
                    if (isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.') {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                    } else if (c == ':') {
                        url.scheme = buffer.toString();
                        buffer.setLength(0);
                        if (url.scheme.equals("file")) {
                            state = State.FILE;
                        } else if (url.special() && base != null && base.scheme.equals(url.scheme)) {
                            state = State.SPECIAL_RELATIVE_OR_AUTHORITY;
                        } else if (url.special()) {
                            state = State.SPECIAL_AUTHORITY_SLASHES;
                        } else if (at(pointer + 1) == '/') {
                            state = State.PATH_OR_AUTHORITY;
                            pointer++;
                        } else {
                            url.opaquePath = "";
                            state = State.OPAQUE_PATH;
                        }
                    } else {
                        buffer.setLength(0);
                        state = State.NO_SCHEME;
                        pointer = -1;
                    }
                }
                case NO_SCHEME -> {
                    if (base == null || (base.hasOpaquePath() && c != '#')) {
                        return null;
                    } else if (base.hasOpaquePath()) {
                        url.scheme = base.scheme;
                        url.opaquePath = base.opaquePath;
                        url.query = base.query;
                        url.fragment = "";
                        state = State.FRAGMENT;
                    } else if (!base.scheme.equals("file")) {
                        state = State.RELATIVE;
                        pointer--;
                    } else {
                        state = State.FILE;
                        pointer--;
                    }
                }
                case SPECIAL_RELATIVE_OR_AUTHORITY -> {
                    if (c == '/' && at(pointer + 1) == '/') {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        pointer++;
                    } else {
                        state = State.RELATIVE;
                        pointer--;
                    }
                }
                case PATH_OR_AUTHORITY -> {
                    if (c == '/') {
                        state = State.AUTHORITY;
                    } else {
                        state = State.PATH;
                        pointer--;
                    }
                }
                case RELATIVE -> {
                    url.scheme = base.scheme;
                    if (c == '/') {
                        state = State.RELATIVE_SLASH;
                    } else if (url.special() && c == '\\') {
                        state = State.RELATIVE_SLASH;
                    } else {
                        url.username = base.username;
                        url.password = base.password;
                        url.host = base.host;
                        url.port = base.port;
                        url.path = new ArrayList<>(base.path);
                        url.query = base.query;
                        if (c == '?') {
                            url.query = "";
                            state = State.QUERY;
                        } else if (c == '#') {
                            url.fragment = "";
                            state = State.FRAGMENT;
                        } else if (c != EOF) {
                            url.query = null;
                            PathSegments.shorten(url);
                            state = State.PATH;
                            pointer--;
                        }
                    }
                }
                case RELATIVE_SLASH -> {
                    if (url.special() && (c == '/' || c == '\\')) {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    } else if (c == '/') {
                        state = State.AUTHORITY;
                    } else {
                        url.username = base.username;
                        url.password = base.password;
                        url.host = base.host;
                        url.port = base.port;
                        state = State.PATH;
                        pointer--;
                    }
                }
                case SPECIAL_AUTHORITY_SLASHES -> {
                    if (c == '/' && at(pointer + 1) == '/') {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        pointer++;
                    } else {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        pointer--;
                    }
                }
                case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                    if (c != '/' && c != '\\') {
                        state = State.AUTHORITY;
                        pointer--;
                    }
                }
                case AUTHORITY -> {
                    if (c == '@') {
                        if (atSignSeen) {
                            buffer.insert(0, "%40");
                        }
                        atSignSeen = true;
                        String credentials = buffer.toString();
                        for (int i = 0; i < credentials.length(); ) {
                            int cp = credentials.codePointAt(i);
                            i += Character.charCount(cp);
                            if (cp == ':' && !passwordTokenSeen) {
                                passwordTokenSeen = true;
                                continue;
                            }
                            StringBuilder encoded = new StringBuilder();
                            PercentEncoding.USERINFO.append(encoded, cp);
                            if (passwordTokenSeen) {
                                url.password += encoded;
                            } else {
                                url.username += encoded;
                            }
                        }
                        buffer.setLength(0);
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\')) {
                        if (atSignSeen && buffer.length() == 0) {
                            return null;
                        }
                        pointer -= buffer.codePointCount(0, buffer.length()) + 1;
                        buffer.setLength(0);
                        state = State.HOST;
                    } else {
                        buffer.appendCodePoint(c);
                    }
                }
                case HOST -> {
                    if (c == ':' && !insideBrackets) {
                        if (buffer.length() == 0) {
                            return null;
                        }
                        url.host = HostParser.parse(buffer.toString(), url.special());
                        if (url.host == null) {
                            return null;
                        }
                        buffer.setLength(0);
                        state = State.PORT;
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\')) {
                        pointer--;
                        if (url.special() && buffer.length() == 0) {
                            return null;
                        }
                        url.host = HostParser.parse(buffer.toString(), url.special());
                        if (url.host == null) {
                            return null;
                        }
                        buffer.setLength(0);
                        state = State.PATH_START;
                    } else {
                        if (c == '[') {
                            insideBrackets = true;
                        } else if (c == ']') {
                            insideBrackets = false;
                        }
                        buffer.appendCodePoint(c);
                    }
                }
                case PORT -> {
                    if (isDigit(c)) {
                        buffer.appendCodePoint(c);
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\')) {
                        if (buffer.length() > 0) {
                            String digits = buffer.toString().replaceFirst("^0+(?=.)", "");
                            if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                                return null;
                            }
                            url.port = WebUrl.port(digits, url.scheme);
                            buffer.setLength(0);
                        }
                        state = State.PATH_START;
                        pointer--;
                    } else {
                        return null;
                    }
                }
                case FILE -> {
                    url.scheme = "file";
                    url.host = "";
                    if (c == '/' || c == '\\') {
                        state = State.FILE_SLASH;
                    } else if (base != null && base.scheme.equals("file")) {
                        url.host = base.host;
                        url.path = new ArrayList<>(base.path);
                        url.query = base.query;
                        if (c == '?') {
                            url.query = "";
                            state = State.QUERY;
                        } else if (c == '#') {
                            url.fragment = "";
                            state = State.FRAGMENT;
                        } else if (c != EOF) {
                            url.query = null;
                            if (!startsWithWindowsDriveLetter(pointer)) {
                                PathSegments.shorten(url);
                            } else {
                                url.path.clear();
                            }
                            state = State.PATH;
                            pointer--;
                        }
                    } else {
                        state = State.PATH;
                        pointer--;
                    }
                }
                case FILE_SLASH -> {
                    if (c == '/' || c == '\\') {
                        state = State.FILE_HOST;
                    } else {
                        if (base != null && base.scheme.equals("file")) {
                            url.host = base.host;
                            if (!startsWithWindowsDriveLetter(pointer) && !base.path.isEmpty()
                                    && PathSegments.isNormalizedDriveLetter(base.path.get(0))) {
                                url.path.add(base.path.get(0));
                            }
                        }
                        state = State.PATH;
                        pointer--;
                    }
                }
                case FILE_HOST -> {
                    if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
                        pointer--;
                        if (PathSegments.isWindowsDriveLetter(buffer.toString())) {
                            // The drive letter is read again, as the first path segment.
                            pointer -= buffer.codePointCount(0, buffer.length());
                            buffer.setLength(0);
                            state = State.PATH;
                        } else if (buffer.length() == 0) {
                            url.host = "";
                            state = State.PATH_START;
                        } else {
                            String host = HostParser.parse(buffer.toString(), true);
                            if (host == null) {
                                return null;
                            }
                            url.host = host.equals("localhost") ? "" : host;
                            buffer.setLength(0);
                            state = State.PATH_START;
                        }
                    } else {
                        buffer.appendCodePoint(c);
                    }
                }
                case PATH_START -> {
                    if (url.special()) {
                        state = State.PATH;
                        if (c != '/' && c != '\\') {
                            pointer--;
                        }
                    } else if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    } else if (c != EOF) {
                        state = State.PATH;
                        if (c != '/') {
                            pointer--;
                        }
                    }
                }
                case PATH -> {
                    pointer = PathSegments.read(input, pointer, url, false);
                    c = at(pointer);
                    if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    }
                }
                case OPAQUE_PATH -> {
                    StringBuilder opaque = new StringBuilder();
                    while (c != EOF && c != '?' && c != '#') {
                        PercentEncoding.C0_CONTROL.append(opaque, c);
                        c = at(++pointer);
                    }
                    url.opaquePath = opaque.toString();
                    if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    }
                }
                case QUERY -> {
                    PercentEncoding set = url.special() ? PercentEncoding.SPECIAL_QUERY : PercentEncoding.QUERY;
                    StringBuilder query = new StringBuilder(url.query);
                    while (c != EOF && c != '#') {
                        set.append(query, c);
                        c = at(++pointer);
                    }
                    url.query = query.toString();
                    if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    }
                }
                case FRAGMENT -> {
                    StringBuilder fragment = new StringBuilder(url.fragment);
                    while (c != EOF) {
                        PercentEncoding.FRAGMENT.append(fragment, c);
                        c = at(++pointer);
                    }
                    url.fragment = fragment.toString();
                }
                default -> throw new IllegalStateException(state.name());
            }
            if (pointer >= input.length) {
                return url;
            }
        }
    }

    private boolean startsWithWindowsDriveLetter(int from) {
        if (input.length - from < 2 || !isAlpha(at(from)) || (at(from + 1) != ':' && at(from + 1) != '|')) {
            return false;
        }
        int third = at(from + 2);
        return input.length - from == 2 || third == '/' || third == '\\' || third == '?' || third == '#';
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
