package dev.herald.auth;

import dev.herald.auth.InvalidTokenException.Reason;
import dev.herald.core.Grants;
import dev.herald.core.Grants.SubscribeDetail;
import dev.herald.core.MatcherType;
import dev.herald.core.TopicSelector;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Reads what a verified token grants: draft-07's {@code mercure} claim ({@code publish},
 * {@code subscribe}, {@code payload}) and draft-08's {@code authorization_details} entries of type
 * {@code mercure} ({@code actions}, {@code topics}, {@code payload}). The grants are the union of
 * both. Any defect in either is an invalid token as a whole: acting on the entries that did parse
 * would silently change what the token allows (draft-08, Authorization Details).
 *
 * <p>Threading: immutable; safe from any event loop.
 */
public final class AuthorizationClaims {
    /** Most {@code mercure} authorization details one token may carry. */
    public static final int MAX_DETAILS = 64;
    /** Most topic matchers one detail may list. */
    public static final int MAX_TOPICS_PER_DETAIL = 256;
    /** Longest {@code match} accepted, in characters (as {@code max_selector_length}'s default). */
    public static final int MAX_MATCH_LENGTH = 2048;

    private static final String PUBLISH = "publish";
    private static final String SUBSCRIBE = "subscribe";

    private final URI hubUrl;

    /** @param hubUrl the base URL patterns resolve against ({@code hub_url}) */
    public AuthorizationClaims(URI hubUrl) {
        this.hubUrl = hubUrl;
    }

    /**
     * The grants of a token whose signature, header and time claims were checked. {@code exp} is a
     * {@link Date} as JJWT gives it, or epoch seconds.
     */
    public Grants grants(Map<String, ?> claims) throws InvalidTokenException {
        Object mercure = claims.get("mercure");
        if (mercure != null && !(mercure instanceof Map)) {
            throw new InvalidTokenException(Reason.MALFORMED_CLAIM);
        }
        Map<?, ?> legacy = mercure == null ? Map.of() : (Map<?, ?>) mercure;
        List<TopicSelector> publish = new ArrayList<>(draft07Selectors(legacy.get("publish")));
        List<TopicSelector> subscribe = new ArrayList<>(draft07Selectors(legacy.get("subscribe")));
        List<SubscribeDetail> subscribeDetails = new ArrayList<>();
        for (Map<?, ?> detail : mercureDetails(claims.get("authorization_details"))) {
            List<String> actions = actions(detail.get("actions"));
            List<TopicSelector> topics = topics(detail.get("topics"));
            Object payload = detail.get("payload");
            if (payload != null && !(payload instanceof Map)) {
                throw new InvalidTokenException(Reason.MALFORMED_AUTHORIZATION_DETAILS);
            }
            if (actions.contains(PUBLISH)) {
                publish.addAll(topics);
            }
            if (actions.contains(SUBSCRIBE)) {
                subscribe.addAll(topics);
                subscribeDetails.add(new SubscribeDetail(topics, payload));
            }
        }
        Object exp = claims.get("exp");
        Object sub = claims.get("sub");
        return new Grants(publish, subscribe, legacy.get("payload"), expiry(exp),
                sub instanceof String subject ? subject : null, subscribeDetails);
    }

    private static Instant expiry(Object exp) {
        if (exp instanceof Date date) {
            return date.toInstant();
        }
        if (exp instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return null;
    }

    /** The entries of type {@code mercure}; entries of other types are another resource's business. */
    private static List<Map<?, ?>> mercureDetails(Object claim) throws InvalidTokenException {
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof List<?> entries)) {
            throw new InvalidTokenException(Reason.MALFORMED_AUTHORIZATION_DETAILS);
        }
        List<Map<?, ?>> details = new ArrayList<>();
        for (Object entry : entries) {
            // RFC 9396: every entry is an object with a string type; one that is not cannot be
            // told apart from a broken mercure detail.
            if (!(entry instanceof Map<?, ?> detail) || !(detail.get("type") instanceof String type)) {
                throw new InvalidTokenException(Reason.MALFORMED_AUTHORIZATION_DETAILS);
            }
            if (type.equals("mercure")) {
                details.add(detail);
            }
        }
        if (details.size() > MAX_DETAILS) {
            throw new InvalidTokenException(Reason.AUTHORIZATION_DETAILS_TOO_LARGE);
        }
        return details;
    }

    /** A non-empty array of strings; actions this hub does not know grant nothing and are kept only to be ignored. */
    private static List<String> actions(Object value) throws InvalidTokenException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED_AUTHORIZATION_DETAILS);
        }
        List<String> actions = new ArrayList<>(list.size());
        for (Object action : list) {
            if (!(action instanceof String name)) {
                throw new InvalidTokenException(Reason.MALFORMED_AUTHORIZATION_DETAILS);
            }
            actions.add(name);
        }
        return actions;
    }

    /** A non-empty array of {@code {match, match_type}} objects; {@code match_type} defaults to {@code exact}. */
    private List<TopicSelector> topics(Object value) throws InvalidTokenException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED_AUTHORIZATION_DETAILS);
        }
        if (list.size() > MAX_TOPICS_PER_DETAIL) {
            throw new InvalidTokenException(Reason.AUTHORIZATION_DETAILS_TOO_LARGE);
        }
        List<TopicSelector> topics = new ArrayList<>(list.size());
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> matcher) || !(matcher.get("match") instanceof String match)
                    || match.isEmpty()) {
                throw new InvalidTokenException(Reason.MALFORMED_AUTHORIZATION_DETAILS);
            }
            if (match.length() > MAX_MATCH_LENGTH) {
                throw new InvalidTokenException(Reason.AUTHORIZATION_DETAILS_TOO_LARGE);
            }
            topics.add(selector(matcher.get("match_type"), match));
        }
        return topics;
    }

    /** A matcher of a type this hub supports; any other type cannot be evaluated, so the token is refused. */
    private TopicSelector selector(Object matchType, String match) throws InvalidTokenException {
        MatcherType type = MatcherType.EXACT;
        if (matchType != null) {
            type = matchType instanceof String name ? MatcherType.fromWireName(name) : null;
            if (type == null) {
                throw new InvalidTokenException(Reason.UNSUPPORTED_MATCH_TYPE);
            }
        }
        try {
            return TopicSelector.of(type, match, hubUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.INVALID_MATCH);
        }
    }

    private static List<TopicSelector> draft07Selectors(Object claim) throws InvalidTokenException {
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof List<?> list)) {
            throw new InvalidTokenException(Reason.MALFORMED_CLAIM);
        }
        List<TopicSelector> selectors = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new InvalidTokenException(Reason.MALFORMED_CLAIM);
            }
            try {
                selectors.add(TopicSelector.parse(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidTokenException(Reason.MALFORMED_CLAIM);
            }
        }
        return selectors;
    }
}
