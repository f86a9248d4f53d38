package dev.herald.core;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What a subscriber asks for and what a token grants: a rule that says whether a topic matches.
 *
 * <p>Mercure draft-07: a selector matches a topic when it is {@code *}, when it equals the topic,
 * or when it is a URI template (RFC 6570) that the topic matches. A selector is a template when it
 * contains a <code>{</code>; one that cannot be parsed as a template is refused by
 * {@link #parse(String)}.
 *
 * <p>Threading: selectors are immutable and compiled once; {@link #parse} caches them.
 */
public sealed interface TopicSelector {

    /** The text the selector was written as. */
    String text();

    boolean matches(String topic);

    /** Matches exactly one topic, byte for byte; indexed in a hash map by {@link SelectorIndex}. */
    record Exact(String text) implements TopicSelector {
        @Override
        public boolean matches(String topic) {
            return text.equals(topic);
        }
    }

    /** {@code *}: every topic. */
    record Wildcard() implements TopicSelector {
        @Override
        public String text() {
            return "*";
        }

        @Override
        public boolean matches(String topic) {
            return true;
        }
    }

    /** An RFC 6570 URI template; a topic matches when some expansion of the template equals it. */
    record UriTemplate(String text, UriTemplateMatcher matcher) implements TopicSelector {
        @Override
        public boolean matches(String topic) {
            return text.equals(topic) || matcher.matches(topic);
        }
    }

    /** Upper bound on cached compiled selectors; past it the cache starts over (selectors are cheap to rebuild). */
    int CACHE_LIMIT = 10_000;

    /**
     * Compiles a selector, or throws {@link IllegalArgumentException} with a reason a client can
     * read when the text looks like a template but is not a valid one.
     */
    static TopicSelector parse(String text) {
        ConcurrentHashMap<String, TopicSelector> cache = SelectorCache.CACHE;
        TopicSelector cached = cache.get(text);
        if (cached != null) {
            return cached;
        }
        TopicSelector compiled;
        if ("*".equals(text)) {
            compiled = new Wildcard();
        } else if (text.indexOf('{') >= 0) {
            compiled = new UriTemplate(text, UriTemplateMatcher.compile(text));
        } else {
            compiled = new Exact(text);
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(text, compiled);
        return compiled;
    }
}

/** Holds the shared cache of compiled selectors (interfaces cannot hold private state). */
final class SelectorCache {
    static final ConcurrentHashMap<String, TopicSelector> CACHE = new ConcurrentHashMap<>();

    private SelectorCache() {
    }
}
