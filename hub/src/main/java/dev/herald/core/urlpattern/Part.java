package dev.herald.core.urlpattern;

/**
 * One piece of a parsed pattern component: fixed text, or a group (named or numbered) that matches
 * a regexp, a segment or anything, with the optional fixed prefix and suffix a {@code {}} grouping
 * or a leading delimiter gives it, and a modifier.
 */
record Part(Type type, String value, Modifier modifier, String name, String prefix, String suffix) {

    enum Type { FIXED_TEXT, REGEXP, SEGMENT_WILDCARD, FULL_WILDCARD }

    enum Modifier { NONE, OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE }

    static Part fixed(String value, Modifier modifier) {
        return new Part(Type.FIXED_TEXT, value, modifier, "", "", "");
    }
}
