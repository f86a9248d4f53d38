package dev.herald.core;

import java.time.Instant;
import java.util.List;

/**
 * What a verified token allows: the union of draft-07's {@code mercure} claim and draft-08's
 * {@code mercure} authorization details.
 *
 * @param publish          selectors of the topics its holder may publish to ({@code mercure.publish}, and the
 *                         topics of every detail with the {@code publish} action); empty = none
 * @param subscribe        selectors of the topics whose private updates its holder may receive
 *                         ({@code mercure.subscribe}, and the topics of every detail with the {@code subscribe} action)
 * @param payload          {@code mercure.payload}, kept as given; may be null
 * @param expiresAt        the token's {@code exp}, or null when it never expires (and for anonymous subscribers)
 * @param subject          the token's {@code sub}, or null when it has none (and for anonymous subscribers)
 * @param subscribeDetails the draft-08 details with the {@code subscribe} action, in token order, for
 *                         {@link #payloadFor}
 */
public record Grants(List<TopicSelector> publish, List<TopicSelector> subscribe, Object payload, Instant expiresAt,
                     String subject, List<SubscribeDetail> subscribeDetails) {

    private static final Grants ANONYMOUS = new Grants(List.of(), List.of(), null, null, null);

    /** A draft-08 {@code mercure} authorization detail with the {@code subscribe} action: its topics and payload. */
    public record SubscribeDetail(List<TopicSelector> topics, Object payload) {
        public SubscribeDetail {
            topics = List.copyOf(topics);
        }
    }

    public Grants {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
        subscribeDetails = List.copyOf(subscribeDetails);
    }

    /** Grants from a draft-07 {@code mercure} claim alone. */
    public Grants(List<TopicSelector> publish, List<TopicSelector> subscribe, Object payload, Instant expiresAt,
                  String subject) {
        this(publish, subscribe, payload, expiresAt, subject, List.of());
    }

    /** An anonymous subscriber: public updates only, publishes nothing. */
    public static Grants anonymous() {
        return ANONYMOUS;
    }

    /**
     * The payload to show for a subscription made with {@code subscription} (subscription API and
     * events). Draft-08: the payload of the first {@code subscribe} detail one of whose topics matches
     * the subscription's own matcher text read as a topic ({@code *} matches every subscription, so
     * it serves as a default). When no detail matches, or the one that does carries no payload,
     * draft-07's token-wide {@code mercure.payload}.
     */
    public Object payloadFor(TopicSelector subscription) {
        for (SubscribeDetail detail : subscribeDetails) {
            if (Matching.matchesAny(detail.topics(), subscription.text())) {
                return detail.payload() != null ? detail.payload() : payload;
            }
        }
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
