package dev.herald.core;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a subscriber asks for and what a token grants: a rule that says whether a topic matches.
 *
 * <p>A selector has a {@link MatcherType}: draft-08 names it ({@code match}, {@code match_urlpattern},
 * {@code match_type}); draft-07 guesses it from the text ({@link #parse(String)}). {@code *} matches
 * every topic whatever its kind. Text that is not valid for its kind is refused.
 *
 * <p>Threading: selectors are immutable and compiled once; {@link #parse} caches them.
 */
public sealed interface TopicSelector {

    /** The text the selector was written as. */
    String text();

    boolean matches(String topic);

    /** The kind of matcher; {@code *} counts as {@link MatcherType#EXACT}, its draft-08 default. */
    MatcherType type();

    /** Matches exactly one topic, byte for byte; indexed in a hash map by {@link SelectorIndex}. */
    record Exact(String text) implements TopicSelector {
        @Override
        public boolean matches(String topic) {
            return text.equals(topic);
        }

        @Override
        public MatcherType type() {
            return MatcherType.EXACT;
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

        @Override
        public MatcherType type() {
            return MatcherType.EXACT;
        }
    }

    /** An RFC 6570 URI template; a topic matches when some expansion of the template equals it. */
    record UriTemplate(String text, UriTemplateMatcher matcher) implements TopicSelector {
        @Override
        public boolean matches(String topic) {
            return text.equals(topic) || matcher.matches(topic);
        }

        @Override
        public MatcherType type() {
            return MatcherType.URI_TEMPLATE;
        }
    }

    /**
     * A WHATWG URL Pattern (draft-08 {@code urlpattern}); relative patterns and topics resolve against
     * the hub URL, and a topic that does not parse as a URL reference matches nothing.
     */
    record UrlPattern(String text, dev.herald.core.urlpattern.UrlPattern pattern) implements TopicSelector {
        @Override
        public boolean matches(String topic) {
            return pattern.matches(topic);
        }

        @Override
        public MatcherType type() {
            return MatcherType.URL_PATTERN;
        }
    }

    /** Upper bound on cached compiled selectors; past it the cache starts over (selectors are cheap to rebuild). */
    int CACHE_LIMIT = 10_000;

    /**
     * Compiles a draft-07 selector (a {@code topic} parameter or a {@code mercure} claim entry): a
     * URI template when it holds a <code>{</code>, else exact. Throws {@link IllegalArgumentException}
     * with a reason a client can read when it looks like a template but is not a valid one.
     */
    static TopicSelector parse(String text) {
        return of(draft07Type(text), text, null);
    }

    /** The type draft-07 gives a selector's text: a URI template when it holds a <code>{</code>, else exact. */
    static MatcherType draft07Type(String text) {
        return text.indexOf('{') >= 0 ? MatcherType.URI_TEMPLATE : MatcherType.EXACT;
    }

    /**
     * A selector's identity: its type and its text. Two selectors with the same key are the same
     * selector; the same text under two types is two ({@code *} is one, {@link MatcherType#EXACT}).
     */
    record Key(MatcherType type, String text) {
        public static Key of(TopicSelector selector) {
            return new Key(selector.type(), selector.text());
        }

        /** The key of {@code text} as a selector of {@code type} (null: draft-07's guess), found without compiling it. */
        public static Key of(MatcherType type, String text) {
            if ("*".equals(text)) {
                return new Key(MatcherType.EXACT, text);
            }
            return new Key(type != null ? type : draft07Type(text), text);
        }
    }

    /**
     * Compiles a selector of the kind its parameter or claim names; {@code *} is every topic
     * whatever the kind. Throws {@link IllegalArgumentException} with a reason a client can read
     * when the text is not valid for its kind.
     *
     * @param hubUrl the base that relative URL patterns and topics resolve against ({@code hub_url});
     *               used, and required, only for {@link MatcherType#URL_PATTERN}
     */
    static TopicSelector of(MatcherType type, String text, URI hubUrl) {
        SelectorCache.Key key = new SelectorCache.Key(type, text, type == MatcherType.URL_PATTERN ? hubUrl : null);
        ConcurrentHashMap<SelectorCache.Key, TopicSelector> cache = SelectorCache.CACHE;
        TopicSelector cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        TopicSelector compiled;
        if ("*".equals(text)) {
            compiled = new Wildcard();
        } else {
            compiled = switch (type) {
                case EXACT -> new Exact(text);
                case URI_TEMPLATE -> new UriTemplate(text, UriTemplateMatcher.compile(text));
                case URL_PATTERN -> new UrlPattern(text, dev.herald.core.urlpattern.UrlPattern.compile(text, hubUrl));
            };
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, compiled);
        return compiled;
    }
}

/** Holds the shared cache of compiled selectors (interfaces cannot hold private state). */
final class SelectorCache {
    /** The kind is part of the key: a URI template and a URL pattern with the same text differ. */
    record Key(MatcherType type, String text, URI base) {
    }

    static final ConcurrentHashMap<Key, TopicSelector> CACHE = new ConcurrentHashMap<>();

    private SelectorCache() {
    }
}
