package dev.herald.transport;

import dev.herald.core.MatcherType;
import dev.herald.http.ClientError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subscribe parameters of a query string, read as draft-08 says: {@code topic} (draft-07),
 * {@code match} and {@code match_<type>} in the order given, and the last event id from
 * {@code last_event_id}, else draft-07's {@code lastEventID}. Other parameters are ignored, except
 * that every name in the reserved {@code match} namespace must be a matcher type the hub knows.
 *
 * @param selectors   every selector the query names, draft-07 and draft-08 alike
 * @param lastEventId the query's last event id, or null
 */
record SubscribeQuery(List<RequestedSelector> selectors, String lastEventId) {
    static final String TOPIC = "topic";
    static final String MATCH = "match";
    private static final String MATCH_PREFIX = "match_";

    /**
     * Reads {@code rawQuery}; a name in the {@code match} namespace that names no known type is a
     * 400, and so are more than {@code maxSelectors} selectors (refused as soon as they are counted).
     */
    static SubscribeQuery parse(String rawQuery, int maxSelectors) throws ClientError {
        List<RequestedSelector> selectors = new ArrayList<>();
        String draft08Id = null;
        String draft07Id = null;
        for (FormQuery.Pair pair : FormQuery.pairs(rawQuery, SubscribeQuery::readable)) {
            String name = pair.name();
            if (selectors.size() > maxSelectors) {
                throw ClientError.badRequest("too many topics: more than " + maxSelectors + " given, at most "
                        + maxSelectors + " allowed");
            }
            if (name.equals(TOPIC)) {
                selectors.add(RequestedSelector.draft07(TOPIC, pair.value()));
            } else if (name.toLowerCase(Locale.ROOT).startsWith(MATCH)) {
                MatcherType type = matcherType(name);
                if (!pair.utf8()) {
                    throw MatcherValues.notUtf8(name);
                }
                selectors.add(new RequestedSelector(name, type, pair.value()));
            } else if (name.equals("last_event_id") && draft08Id == null) {
                draft08Id = pair.value();
            } else if (name.equals("lastEventID") && draft07Id == null) {
                draft07Id = pair.value();
            }
        }
        return new SubscribeQuery(selectors, draft08Id != null ? draft08Id : draft07Id);
    }

    private static boolean readable(String name) {
        return name.equals(TOPIC) || name.equals("last_event_id") || name.equals("lastEventID")
                || name.toLowerCase(Locale.ROOT).startsWith(MATCH);
    }

    /**
     * The type a {@code match} parameter names: {@code match} is exact; {@code match_<type>} the
     * type by its canonical, case-sensitive name. Anything else in the namespace is refused, so a
     * misspelt type fails loudly instead of silently matching nothing.
     */
    private static MatcherType matcherType(String name) throws ClientError {
        if (name.equals(MATCH)) {
            return MatcherType.EXACT;
        }
        MatcherType type = name.startsWith(MATCH_PREFIX)
                ? MatcherType.fromWireName(name.substring(MATCH_PREFIX.length())) : null;
        if (type == null) {
            throw ClientError.badRequest("unsupported query parameter " + MatcherValues.quoted(name)
                    + ": names starting with 'match' are reserved for topic matchers; use match, "
                    + "match_exact, match_urlpattern or match_uritemplate");
        }
        return type;
    }
}
