package dev.herald.subscription;

import dev.herald.broker.Broker;
import dev.herald.core.ActiveSubscription;
import dev.herald.core.UpdateDraft;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes Mercure's subscription events through the {@link Broker}, so every node, every
 * transport and the history carry them: per subscription, one private update on its draft-08
 * topic and one on its draft-07 topic, each a JSON-LD document whose {@code id} is that topic.
 * An event the broker cannot store (Redis unreachable) is lost; the list stays right.
 *
 * <p>Threading: immutable; safe from any thread.
 */
public final class SubscriptionEvents {
    private static final Logger LOG = Logger.getLogger(SubscriptionEvents.class.getName());
    private final Broker broker;
    private final String hubPath;

    /** @param hubPath the path of {@code hub_url}, under which the subscription topics are */
    public SubscriptionEvents(Broker broker, String hubPath) {
        this.broker = broker;
        this.hubPath = hubPath;
    }

    /** Announces that {@code subscriptions} started ({@code active}) or ended. */
    public void publish(List<ActiveSubscription> subscriptions, boolean active) {
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
}
