package dev.herald.broker;

import dev.herald.core.ActiveSubscription;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The active subscriptions of a hub of one node, in memory.
 *
 * <p>Threading: a concurrent map; every event loop writes its own subscriptions into it.
 */
public final class LocalSubscriptionDirectory implements SubscriptionDirectory {
    private final Map<String, ActiveSubscription> byKey = new ConcurrentHashMap<>();

    @Override
    public void add(List<ActiveSubscription> started) {
        for (ActiveSubscription subscription : started) {
            byKey.put(subscription.key(), subscription);
        }
    }

    @Override
    public void remove(List<ActiveSubscription> ended) {
        for (ActiveSubscription subscription : ended) {
            byKey.remove(subscription.key());
        }
    }

    @Override
    public Future<List<ActiveSubscription>> list(Query query, int limit) {
        return Future.succeededFuture(select(byKey.values(), query, limit));
    }

    /** At most {@code limit} of {@code subscriptions} that {@code query} selects. */
    public static List<ActiveSubscription> select(Iterable<ActiveSubscription> subscriptions, Query query, int limit) {
        List<ActiveSubscription> selected = new ArrayList<>();
        for (ActiveSubscription subscription : subscriptions) {
            if (selected.size() >= limit) {
                break;
            }
            if (query.selects(subscription)) {
                selected.add(subscription);
            }
        }
        return selected;
    }

    /** This node's subscriptions, for a directory that must write them again (Redis lost them). */
    public List<ActiveSubscription> all() {
        return List.copyOf(byKey.values());
    }

    @Override
    public Future<Void> close() {
        byKey.clear();
        return Future.succeededFuture();
    }
}
