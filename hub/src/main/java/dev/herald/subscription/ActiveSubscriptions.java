package dev.herald.subscription;

import dev.herald.broker.Broker;
import dev.herald.broker.SubscriptionDirectory;
import dev.herald.core.ActiveSubscription;
import dev.herald.core.TopicSelector;
import dev.herald.core.UpdateDraft;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mercure's active subscriptions, kept as subscribers come and go: each selector of a subscriber is
 * one subscription, written to the {@link SubscriptionDirectory} (what the API lists) and announced
 * by two private updates published through the {@link Broker}, so every node, every transport and
 * the history carry them: one on its draft-08 topic, one on its draft-07 topic, each a JSON-LD
 * document whose {@code id} is that topic.
 *
 * <p>Threading: stateless beyond its parts; called on the subscriber's event loop.
 */
public final class ActiveSubscriptions {
    private static final Logger LOG = Logger.getLogger(ActiveSubscriptions.class.getName());
    private static final ActiveSubscriptions DISABLED = new ActiveSubscriptions(null, null, null);

    private final Broker broker;
    private final SubscriptionDirectory directory;
    private final String hubPath;

    /** @param hubPath the path of {@code hub_url}, under which the subscription topics are */
    public ActiveSubscriptions(Broker broker, SubscriptionDirectory directory, String hubPath) {
        this.broker = broker;
        this.directory = directory;
        this.hubPath = hubPath;
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
        ended(subscriber, before.stream().filter(selector -> !after.contains(selector)).toList());
        started(subscriber, after.stream().filter(selector -> !before.contains(selector)).toList());
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
        for (ActiveSubscription subscription : subscriptions) {
            publish(subscription.topic(hubPath), subscription, active);
            publish(subscription.draft07Topic(hubPath), subscription, active);
        }
    }

    private void publish(String topic, ActiveSubscription subscription, boolean active) {
        String data = subscription.document(topic, active).put("@context", ActiveSubscription.CONTEXT).encode();
        broker.publish(new UpdateDraft(null, List.of(topic), data, null, null, true)).onFailure(failure ->
                LOG.log(Level.FINE, "a subscription event was not published", failure));
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
