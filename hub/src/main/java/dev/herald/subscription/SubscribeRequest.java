package dev.herald.subscription;

import dev.herald.core.Grants;
import dev.herald.core.TopicSelector;

import java.util.List;

/**
 * A subscription as a client asked for it, validated and authenticated; the same for every transport.
 *
 * @param selectors   what it listens to (a WebSocket may start with none)
 * @param grants      what its token allows (null only on a WebSocket upgrade that has yet to authenticate;
 *                    {@link Subscriptions#subscribe} needs them)
 * @param lastEventId where it resumes from, or null for live updates only
 */
public record SubscribeRequest(List<TopicSelector> selectors, Grants grants, String lastEventId) {
    public SubscribeRequest {
        selectors = List.copyOf(selectors);
    }
}
