package dev.herald.core.urlpattern;

import java.util.EnumMap;
import java.util.Map;

/**
 * The standard's "process a URLPatternInit" for a pattern: components the pattern leaves out are
 * taken from the base URL (escaped, so its text is literal), in URL order up to the first one the
 * pattern names, and a relative pathname is resolved against the base's directory.
 */
final class PatternInit {
    private PatternInit() {
    }

    static Map<UrlComponent, String> process(Map<UrlComponent, String> init, WebUrl base) {
        Map<UrlComponent, String> result = new EnumMap<>(UrlComponent.class);
        if (base != null) {
            boolean named = init.containsKey(UrlComponent.PROTOCOL);
            if (!named) {
                result.put(UrlComponent.PROTOCOL, escape(base.protocol()));
            }
            named |= init.containsKey(UrlComponent.HOSTNAME);
            if (!named) {
                result.put(UrlComponent.HOSTNAME, escape(base.hostname()));
            }
            named |= init.containsKey(UrlComponent.PORT);
            if (!named) {
                result.put(UrlComponent.PORT, base.port());
            }
            named |= init.containsKey(UrlComponent.PATHNAME);
            if (!named) {
                result.put(UrlComponent.PATHNAME, escape(base.pathname()));
            }
            named |= init.containsKey(UrlComponent.SEARCH);
            if (!named) {
                result.put(UrlComponent.SEARCH, escape(base.search()));
            }
            named |= init.containsKey(UrlComponent.HASH);
            if (!named) {
                result.put(UrlComponent.HASH, escape(base.hash()));
            }
        }
        for (Map.Entry<UrlComponent, String> entry : init.entrySet()) {
            result.put(entry.getKey(), entry.getValue());
        }
        String pathname = init.get(UrlComponent.PATHNAME);
        if (pathname != null && base != null && !base.hasOpaquePath() && !isAbsolutePathname(pathname)) {
            String basePath = escape(base.pathname());
            int slash = basePath.lastIndexOf('/');
            if (slash >= 0) {
                result.put(UrlComponent.PATHNAME, basePath.substring(0, slash + 1) + pathname);
            }
        }
        return result;
    }

    private static boolean isAbsolutePathname(String input) {
        if (input.isEmpty()) {
            return false;
        }
        if (input.charAt(0) == '/') {
            return true;
        }
        return input.length() >= 2 && (input.startsWith("\\/") || input.startsWith("{/"));
    }

    /** Escapes the characters a pattern string reads as syntax. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("+*?:{}()\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
