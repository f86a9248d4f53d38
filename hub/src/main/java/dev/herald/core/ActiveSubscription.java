package dev.herald.core;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * One subscription of Mercure's active subscriptions feature (its events and its API): a
 * subscriber, one of its selectors, and the payload its token shows for that selector.
 *
 * <p>Its draft-08 topic is {@code <hub path>/subscriptions/{match_type}/{match}/{subscriber}}, its
 * draft-07 topic {@code <hub path>/subscriptions/{topic}/{subscriber}}; each variable is
 * percent-encoded once, as RFC 6570 simple expansion does, so neither ever holds a {@code /}.
 *
 * @param subscriber  the identifier the hub gave the connection ({@code urn:uuid:…}), never one a client chose
 * @param matchType   the selector's matcher type
 * @param match       the selector as written (draft-07's {@code topic})
 * @param payloadJson the payload as JSON text, or null when the token shows none
 */
public record ActiveSubscription(String subscriber, MatcherType matchType, String match, String payloadJson) {
    /** The JSON-LD context of every document. */
    public static final String CONTEXT = "https://mercure.rocks/";

    /** {@code {match_type}/{match}/{subscriber}} expanded: what follows {@code /subscriptions/} in the draft-08 topic. */
    public String key() {
        return matchType.wireName() + "/" + expand(match) + "/" + expand(subscriber);
    }

    /** The draft-08 topic of its events, and the path of its API resource. */
    public String topic(String hubPath) {
        return hubPath + "/subscriptions/" + key();
    }

    /** The draft-07 topic of its events, and the path of its draft-07 API resource. */
    public String draft07Topic(String hubPath) {
        return hubPath + "/subscriptions/" + expand(match) + "/" + expand(subscriber);
    }

    /**
     * Its document, with both drafts' properties ({@code topic} for draft-07 clients,
     * {@code match_type} and {@code match} for draft-08 ones) and {@code id} as given.
     */
    public JsonObject document(String id, boolean active) {
        JsonObject document = new JsonObject()
                .put("id", id)
                .put("type", "Subscription")
                .put("topic", match)
                .put("match_type", matchType.wireName())
                .put("match", match)
                .put("subscriber", subscriber)
                .put("active", active);
        if (payloadJson != null) {
            document.put("payload", Json.decodeValue(payloadJson));
        }
        return document;
    }

    /**
     * RFC 6570 simple string expansion of one value: every byte of its UTF-8 form outside the
     * unreserved set is percent-encoded, {@code %} included, so a value is encoded exactly once.
     */
    public static String expand(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
