package dev.herald.core.urlpattern;

import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A URL given component by component, as the test data writes some inputs: each value is
 * canonicalised the way the standard's "process a URLPatternInit" does for a URL (type "url"), and
 * components left out come from the dictionary's base URL or are empty. Null when a value is not
 * valid for its component (the standard then reports no match).
 */
final class UrlInput {
    private UrlInput() {
    }

    static Map<UrlComponent, String> process(JsonObject init) {
        try {
            return processOrThrow(init);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<UrlComponent, String> processOrThrow(JsonObject init) {
        Map<UrlComponent, String> result = new EnumMap<>(UrlComponent.class);
        for (UrlComponent component : UrlComponent.values()) {
            result.put(component, "");
        }
        WebUrl base = null;
        if (init.containsKey("baseURL")) {
            base = WebUrl.parse(init.getString("baseURL"), null);
            if (base == null) {
                throw new IllegalArgumentException("invalid base URL");
            }
            boolean named = has(init, UrlComponent.PROTOCOL);
            if (!named) {
                result.put(UrlComponent.PROTOCOL, base.protocol());
            }
            named |= has(init, UrlComponent.HOSTNAME) || has(init, UrlComponent.PORT);
            if (!named && !has(init, UrlComponent.USERNAME)) {
                result.put(UrlComponent.USERNAME, base.username());
            }
            if (!named && !has(init, UrlComponent.USERNAME) && !has(init, UrlComponent.PASSWORD)) {
                result.put(UrlComponent.PASSWORD, base.password());
            }
            named = has(init, UrlComponent.PROTOCOL) || has(init, UrlComponent.HOSTNAME);
            if (!named) {
                result.put(UrlComponent.HOSTNAME, base.hostname());
            }
            named |= has(init, UrlComponent.PORT);
            if (!named) {
                result.put(UrlComponent.PORT, base.port());
            }
            named |= has(init, UrlComponent.PATHNAME);
            if (!named) {
                result.put(UrlComponent.PATHNAME, base.pathname());
            }
            named |= has(init, UrlComponent.SEARCH);
            if (!named) {
                result.put(UrlComponent.SEARCH, base.search());
            }
            named |= has(init, UrlComponent.HASH);
            if (!named) {
                result.put(UrlComponent.HASH, base.hash());
            }
        }
        if (has(init, UrlComponent.PROTOCOL)) {
            String protocol = value(init, UrlComponent.PROTOCOL);
            result.put(UrlComponent.PROTOCOL, Canonical.protocol(protocol.endsWith(":")
                    ? protocol.substring(0, protocol.length() - 1) : protocol));
        }
        String protocol = result.get(UrlComponent.PROTOCOL);
        if (has(init, UrlComponent.USERNAME)) {
            result.put(UrlComponent.USERNAME, Canonical.userinfo(value(init, UrlComponent.USERNAME)));
        }
        if (has(init, UrlComponent.PASSWORD)) {
            result.put(UrlComponent.PASSWORD, Canonical.userinfo(value(init, UrlComponent.PASSWORD)));
        }
        if (has(init, UrlComponent.HOSTNAME)) {
            result.put(UrlComponent.HOSTNAME, Canonical.hostname(value(init, UrlComponent.HOSTNAME)));
        }
        if (has(init, UrlComponent.PORT)) {
            result.put(UrlComponent.PORT, Canonical.port(value(init, UrlComponent.PORT), protocol));
        }
        if (has(init, UrlComponent.PATHNAME)) {
            String pathname = value(init, UrlComponent.PATHNAME);
            if (base != null && !base.hasOpaquePath() && !pathname.startsWith("/")) {
                String basePath = base.pathname();
                int slash = basePath.lastIndexOf('/');
                if (slash >= 0) {
                    pathname = basePath.substring(0, slash + 1) + pathname;
                }
            }
            boolean hierarchical = protocol.isEmpty() || WebUrl.SPECIAL.containsKey(protocol);
            result.put(UrlComponent.PATHNAME, hierarchical
                    ? Canonical.pathname(pathname) : Canonical.opaquePathname(pathname));
        }
        if (has(init, UrlComponent.SEARCH)) {
            String search = value(init, UrlComponent.SEARCH);
            result.put(UrlComponent.SEARCH, Canonical.search(search.startsWith("?") ? search.substring(1) : search));
        }
        if (has(init, UrlComponent.HASH)) {
            String hash = value(init, UrlComponent.HASH);
            result.put(UrlComponent.HASH, Canonical.hash(hash.startsWith("#") ? hash.substring(1) : hash));
        }
        return result;
    }

    static String key(UrlComponent component) {
        return component.name().toLowerCase(Locale.ROOT);
    }

    private static boolean has(JsonObject init, UrlComponent component) {
        return init.containsKey(key(component));
    }

    private static String value(JsonObject init, UrlComponent component) {
        return init.getString(key(component));
    }
}
