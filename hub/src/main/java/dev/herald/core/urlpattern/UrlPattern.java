package dev.herald.core.urlpattern;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * A WHATWG URL Pattern compiled from its constructor string ({@code https://example.com/books/:id},
 * or relative, {@code /books/:id}, against a base URL), as draft-08's {@code urlpattern} matcher
 * type uses it: {@code ignoreCase} is never set, and a topic matches when it parses as a URL
 * reference against the same base and every component matches.
 *
 * <p>Each component compiles to an automaton ({@link Nfa}) matched without backtracking, so a match
 * costs at most topic length × pattern size; custom regexp groups are limited to what such an
 * automaton can run ({@link RegexParser}).
 *
 * <p>Threading: immutable; safe to share. Each thread keeps the last topic it parsed, so matching
 * one topic against many patterns parses it once.
 */
public final class UrlPattern {
    private static final String[] SPECIAL_SCHEMES = {"ftp", "file", "http", "https", "ws", "wss"};

    /** The last topic parsed on this thread: a dispatch matches one topic against many patterns in a row. */
    private static final ThreadLocal<ParsedTopic> LAST_TOPIC = new ThreadLocal<>();
    /** The last base parsed, shared by the patterns compiled against it so that they share parsed topics. */
    private static volatile ParsedTopic lastBase;

    private record ParsedTopic(String text, WebUrl base, WebUrl url) {
    }

    private final Map<UrlComponent, Component> components;
    private final WebUrl base;

    private UrlPattern(Map<UrlComponent, Component> components, WebUrl base) {
        this.components = components;
        this.base = base;
    }

    /**
     * Compiles {@code pattern}; a relative one resolves against {@code base} (may be null, then the
     * pattern must be absolute). Throws IllegalArgumentException with a short reason when the
     * pattern is not valid, or uses a regexp feature a linear-time matcher cannot run.
     */
    public static UrlPattern compile(String pattern, URI base) {
        return compile(pattern, base == null ? null : base.toString());
    }

    /** As {@link #compile(String, URI)}, with the base as a string (which must parse as a URL). */
    public static UrlPattern compile(String pattern, String base) {
        WebUrl baseUrl = base == null ? null : parseBase(base);
        Map<UrlComponent, String> init = ConstructorStringParser.parse(pattern);
        if (init.containsKey(UrlComponent.PROTOCOL)) {
            // Absolute: the base is for relative patterns only. (The standard would still resolve
            // an opaque path such as urn:'s against the base's directory, which no topic has.)
            return fromInit(init, null, baseUrl);
        }
        if (baseUrl == null) {
            throw new IllegalArgumentException("a relative pattern needs a base URL");
        }
        return fromInit(init, baseUrl, baseUrl);
    }

    /**
     * Compiles a pattern given component by component (the standard's URLPatternInit, already
     * stripped of a protocol's {@code :}, a search's {@code ?} and a hash's {@code #}); components
     * absent from {@code init} and not taken from {@code base} match anything.
     */
    static UrlPattern fromInit(Map<UrlComponent, String> init, WebUrl base) {
        return fromInit(init, base, base);
    }

    /** As {@link #fromInit(Map, WebUrl)}; relative topics resolve against {@code topicBase}. */
    private static UrlPattern fromInit(Map<UrlComponent, String> init, WebUrl base, WebUrl topicBase) {
        Map<UrlComponent, String> processed = PatternInit.process(init, base);
        for (UrlComponent component : UrlComponent.values()) {
            processed.putIfAbsent(component, "*");
        }
        Integer defaultPort = WebUrl.SPECIAL.get(processed.get(UrlComponent.PROTOCOL));
        // The port as the URL parser would read it: surrounding spaces and controls do not count.
        if (defaultPort != null && processed.get(UrlComponent.PORT).strip().equals(String.valueOf(defaultPort))) {
            processed.put(UrlComponent.PORT, "");
        }
        Map<UrlComponent, Component> compiled = new EnumMap<>(UrlComponent.class);
        compiled.put(UrlComponent.PROTOCOL, compile(processed, UrlComponent.PROTOCOL, Canonical::protocol,
                PartParser.Options.DEFAULT));
        compiled.put(UrlComponent.USERNAME, compile(processed, UrlComponent.USERNAME, Canonical::userinfo,
                PartParser.Options.DEFAULT));
        compiled.put(UrlComponent.PASSWORD, compile(processed, UrlComponent.PASSWORD, Canonical::userinfo,
                PartParser.Options.DEFAULT));
        String hostname = processed.get(UrlComponent.HOSTNAME);
        compiled.put(UrlComponent.HOSTNAME, compile(processed, UrlComponent.HOSTNAME,
                Canonical.isIpv6Pattern(hostname) ? Canonical::ipv6Hostname : Canonical::hostname,
                PartParser.Options.HOSTNAME));
        compiled.put(UrlComponent.PORT, compile(processed, UrlComponent.PORT, value -> Canonical.port(value, null),
                PartParser.Options.DEFAULT));
        if (matchesSpecialScheme(compiled.get(UrlComponent.PROTOCOL))) {
            compiled.put(UrlComponent.PATHNAME, compile(processed, UrlComponent.PATHNAME, Canonical::pathname,
                    PartParser.Options.PATHNAME));
        } else {
            compiled.put(UrlComponent.PATHNAME, compile(processed, UrlComponent.PATHNAME, Canonical::opaquePathname,
                    PartParser.Options.DEFAULT));
        }
        compiled.put(UrlComponent.SEARCH, compile(processed, UrlComponent.SEARCH, Canonical::search,
                PartParser.Options.DEFAULT));
        compiled.put(UrlComponent.HASH, compile(processed, UrlComponent.HASH, Canonical::hash,
                PartParser.Options.DEFAULT));
        return new UrlPattern(compiled, topicBase);
    }

    private static WebUrl parseBase(String base) {
        ParsedTopic last = lastBase;
        if (last != null && last.text().equals(base)) {
            return last.url();
        }
        WebUrl url = WebUrl.parse(base, null);
        if (url == null) {
            throw new IllegalArgumentException("invalid base URL");
        }
        lastBase = new ParsedTopic(base, null, url);
        return url;
    }

    private static Component compile(Map<UrlComponent, String> processed, UrlComponent component,
                                     java.util.function.UnaryOperator<String> encode, PartParser.Options options) {
        try {
            return Component.compile(processed.get(component), encode, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(component.name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + e.getMessage(), e);
        }
    }

    /** True when the protocol component matches one of the special schemes (it then has a hierarchical path). */
    static boolean matchesSpecialScheme(Component protocol) {
        for (String scheme : SPECIAL_SCHEMES) {
            if (protocol.matches(scheme)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code topic}, parsed as a URL reference against the base, matches every component;
     * false when it does not parse.
     */
    public boolean matches(String topic) {
        ParsedTopic last = LAST_TOPIC.get();
        WebUrl url;
        if (last != null && last.base() == base && last.text().equals(topic)) {
            url = last.url();
        } else {
            url = WebUrl.parse(topic, base);
            LAST_TOPIC.set(new ParsedTopic(topic, base, url));
        }
        return url != null && matches(url);
    }

    /** True when {@code url} matches every component. */
    boolean matches(WebUrl url) {
        Map<UrlComponent, String> values = new EnumMap<>(UrlComponent.class);
        values.put(UrlComponent.PROTOCOL, url.protocol());
        values.put(UrlComponent.USERNAME, url.username());
        values.put(UrlComponent.PASSWORD, url.password());
        values.put(UrlComponent.HOSTNAME, url.special() ? url.hostname() : lowerOpaqueHost(url.hostname()));
        values.put(UrlComponent.PORT, url.port());
        values.put(UrlComponent.PATHNAME, url.pathname());
        values.put(UrlComponent.SEARCH, url.search());
        values.put(UrlComponent.HASH, url.hash());
        return matches(values);
    }

    /**
     * A non-special URL's host keeps its case in the URL standard, yet draft-08 makes every host
     * case-insensitive (and a pattern's hostname is lower-cased): ASCII letters are lowered here,
     * except the hex digits of percent-encoded octets, which stay as the parser wrote them.
     */
    static String lowerOpaqueHost(String host) {
        StringBuilder out = new StringBuilder(host.length());
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '%' && i + 2 < host.length()) {
                out.append(host, i, i + 3);
                i += 2;
            } else {
                out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
        }
        return out.toString();
    }

    /** True when each component's value matches that component; in URL order, stopping at the first miss. */
    boolean matches(Map<UrlComponent, String> values) {
        for (UrlComponent component : UrlComponent.values()) {
            if (!components.get(component).matches(values.get(component))) {
                return false;
            }
        }
        return true;
    }
}
