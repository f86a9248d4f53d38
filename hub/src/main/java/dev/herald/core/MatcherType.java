package dev.herald.core;

/**
 * The kinds of topic matcher a subscription or a grant can name. Draft-08 names the kind in the
 * parameter ({@code match}, {@code match_urlpattern}) or in {@code match_type}; draft-07's
 * {@code topic} has no kind of its own and is read as {@link #URI_TEMPLATE} when it holds a
 * <code>{</code>, else as {@link #EXACT}. The same text under two kinds is two different matchers.
 */
public enum MatcherType {
    /** Byte-for-byte equality (draft-08 {@code exact}, the default). */
    EXACT("exact"),
    /** An RFC 6570 URI template, as draft-07 topics; offered to draft-08 clients as {@code uritemplate}. */
    URI_TEMPLATE("uritemplate"),
    /** A WHATWG URL Pattern (draft-08 {@code urlpattern}). */
    URL_PATTERN("urlpattern");

    private final String wireName;

    MatcherType(String wireName) {
        this.wireName = wireName;
    }

    /** The canonical name on the wire: the {@code match_<name>} suffix and the {@code match_type} value. */
    public String wireName() {
        return wireName;
    }

    /** The type with this canonical (case-sensitive) name, or null when the hub supports none by that name. */
    public static MatcherType fromWireName(String name) {
        for (MatcherType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
