package dev.herald.core;

import java.time.Instant;
import java.util.List;

/**
 * What a verified token allows, from its {@code mercure} claim.
 *
 * @param publish   selectors of the topics its holder may publish to ({@code mercure.publish}); empty = none
 * @param subscribe selectors of the topics whose private updates its holder may receive ({@code mercure.subscribe})
 * @param payload   {@code mercure.payload}, kept with the subscription as given; may be null
 * @param expiresAt the token's {@code exp}, or null when it never expires (and for anonymous subscribers)
 * @param subject   the token's {@code sub}, or null when it has none (and for anonymous subscribers)
 */
public record Grants(List<TopicSelector> publish, List<TopicSelector> subscribe, Object payload, Instant expiresAt,
                     String subject) {

    private static final Grants ANONYMOUS = new Grants(List.of(), List.of(), null, null, null);

    public Grants {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    /** An anonymous subscriber: public updates only, publishes nothing. */
    public static Grants anonymous() {
        return ANONYMOUS;
    }

    /**
     * The payload to show for a subscription made with {@code subscription} (subscription API and
     * events): draft-07's token-wide {@code mercure.payload}.
     */
    public Object payloadFor(TopicSelector subscription) {
        return payload;
    }

    /** A public update reaches anyone; a private one only holders granted one of its topics. */
    public boolean mayReceive(Update update) {
        return !update.privateUpdate() || Matching.anyMatch(subscribe, update.topics());
    }

    /** Every topic of an update must be covered for the publish to be accepted, as in Mercure. */
    public boolean mayPublishTo(List<String> topics) {
        return Matching.allMatch(publish, topics);
    }
}
