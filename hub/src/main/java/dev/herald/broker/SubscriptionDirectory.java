package dev.herald.broker;

import dev.herald.core.ActiveSubscription;
import dev.herald.core.MatcherType;
import io.vertx.core.Future;

import java.util.List;

/**
 * The hub's active subscriptions, on every node: what Mercure's subscriptions API lists. Each
 * node writes its own; a node that stops or dies takes its own with it ({@code LocalSubscriptionDirectory}
 * for one node, {@code redis.RedisSubscriptionDirectory} for a cluster).
 *
 * <p>Threading: every method may be called from any event loop and never blocks it.
 */
public interface SubscriptionDirectory {

    /** Subscriptions that just started on this node. */
    void add(List<ActiveSubscription> started);

    /** Subscriptions of this node that just ended. */
    void remove(List<ActiveSubscription> ended);

    /**
     * At most {@code limit} of the subscriptions of every live node that {@code query} selects, in
     * no particular order; fails when the subscriptions of another node cannot be read.
     */
    Future<List<ActiveSubscription>> list(Query query, int limit);

    /** Forgets this node's subscriptions and stops. */
    Future<Void> close();

    /**
     * Which subscriptions a request of the API wants; a null component selects any value.
     *
     * @param matchType  the matcher type (draft-08 paths), or null for any (draft-07 paths)
     * @param match      the selector text, or null for any
     * @param subscriber the subscriber, or null for any
     */
    record Query(MatcherType matchType, String match, String subscriber) {
        public static final Query ALL = new Query(null, null, null);

        public boolean selects(ActiveSubscription subscription) {
            return (matchType == null || matchType == subscription.matchType())
                    && (match == null || match.equals(subscription.match()))
                    && (subscriber == null || subscriber.equals(subscription.subscriber()));
        }
    }
}
