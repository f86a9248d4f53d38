package dev.herald.config;

import java.time.Duration;

/**
 * What every subscription may ask for and hold, whatever its transport.
 *
 * @param maxTopics         most selectors one subscription names ({@code max_topics_per_subscription})
 * @param maxSelectorLength longest selector, in characters ({@code max_selector_length})
 * @param maxQueueBytes     outbound bytes a connection may have queued ({@code max_queue_bytes})
 * @param heartbeatInterval idle time before an SSE heartbeat, zero for none ({@code heartbeat_interval})
 * @param maxSubscriptionBytes    total length of one connection's selectors ({@code max_subscription_bytes})
 * @param maxHubSubscriptionBytes total length of every connection's selectors together
 *                                ({@code max_hub_subscription_bytes})
 * @param subscriptionEvents      Mercure's active subscriptions: events published when a subscription
 *                                starts or ends, and the subscriptions API ({@code subscription_events})
 */
public record SubscriberSettings(int maxTopics, int maxSelectorLength, int maxQueueBytes, Duration heartbeatInterval,
                                 int maxSubscriptionBytes, long maxHubSubscriptionBytes, boolean subscriptionEvents) {
}
