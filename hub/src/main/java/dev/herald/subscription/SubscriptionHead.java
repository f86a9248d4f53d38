package dev.herald.subscription;

/**
 * How a transport opens a subscription to its client, once the hub knows where the replay starts:
 * the SSE response head, the long-poll resume id, the WebSocket {@code subscribed} message.
 */
public interface SubscriptionHead {

    /**
     * The subscription is registered and its replay follows: tell the client, naming {@code
     * lastEventId}, the value of Mercure's {@code Last-Event-ID} response header.
     */
    void accepted(String lastEventId);

    /**
     * The subscription cannot start now: the hub holds as many selectors as it may, or history
     * could not be read (so it could not start without a gap). Refuse it; the client may retry.
     */
    void refused(String reason);
}
