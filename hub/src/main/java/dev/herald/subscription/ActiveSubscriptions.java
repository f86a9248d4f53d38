package dev.herald.subscription;

import dev.herald.broker.SubscriptionDirectory;
import dev.herald.core.ActiveSubscription;
import dev.herald.core.TopicSelector;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mercure's active subscriptions, kept as subscribers come and go: each selector of a subscriber is
 * one subscription, written to the {@link SubscriptionDirectory} (what the API lists) and announced
 * through {@link SubscriptionEvents}.
 *
 * <p>Threading: stateless beyond its parts; called on the subscriber's event loop.
 */
public final class ActiveSubscriptions {
    private static final ActiveSubscriptions DISABLED = new ActiveSubscriptions(null, null);

    private final SubscriptionDirectory directory;
    private final SubscriptionEvents events;

    public ActiveSubscriptions(SubscriptionDirectory directory, SubscriptionEvents events) {
        this.directory = directory;
        this.events = events;
    }

    /** For a hub without the feature ({@code subscription_events: false}): tracks nothing. */
    public static ActiveSubscriptions disabled() {
        return DISABLED;
    }

    void started(Subscriber subscriber, List<TopicSelector> selectors) {
        announce(subscriber, selectors, true);
    }

    void ended(Subscriber subscriber, List<TopicSelector> selectors) {
        announce(subscriber, selectors, false);
    }

    /** A WebSocket command changed the selectors: those dropped end, those added start. */
    void changed(Subscriber subscriber, List<TopicSelector> before, List<TopicSelector> after) {
        if (directory == null) {
            return;
        }
        ended(subscriber, without(before, after));
        started(subscriber, without(after, before));
    }

    /** The selectors of {@code selectors} that {@code others} lacks, compared by type and text. */
    private static List<TopicSelector> without(List<TopicSelector> selectors, List<TopicSelector> others) {
        Set<TopicSelector.Key> keys = new HashSet<>();
        others.forEach(selector -> keys.add(TopicSelector.Key.of(selector)));
        return selectors.stream().filter(selector -> !keys.contains(TopicSelector.Key.of(selector))).toList();
    }

    private void announce(Subscriber subscriber, List<TopicSelector> selectors, boolean active) {
        if (directory == null || selectors.isEmpty()) {
            return;
        }
        List<ActiveSubscription> subscriptions = subscriptions(subscriber, selectors);
        if (active) {
            directory.add(subscriptions);
        } else {
            directory.remove(subscriptions);
        }
        events.publish(subscriptions, active);
    }

    /** One subscription per distinct selector, with the payload the subscriber's token shows for it. */
    private static List<ActiveSubscription> subscriptions(Subscriber subscriber, List<TopicSelector> selectors) {
        Map<String, ActiveSubscription> byKey = new LinkedHashMap<>();
        for (TopicSelector selector : selectors) {
            Object payload = subscriber.grants().payloadFor(selector);
            ActiveSubscription subscription = new ActiveSubscription(subscriber.id(), selector.type(), selector.text(),
                    payload == null ? null : Json.encode(payload));
            byKey.putIfAbsent(subscription.key(), subscription);
        }
        return new ArrayList<>(byKey.values());
    }
}
