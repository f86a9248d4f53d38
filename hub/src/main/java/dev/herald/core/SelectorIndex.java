package dev.herald.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the subscribers that may want an update without looking at unrelated ones: exact
 * selectors are indexed by topic in a hash map, patterns ({@code *}, templates) sit in one set that
 * every update scans.
 *
 * <p>Threading: confined to one event loop; each loop has its own index.
 */
public final class SelectorIndex {
    private final Map<String, Set<Subscriber>> byExactTopic = new HashMap<>();
    private final Set<Subscriber> withPatterns = new LinkedHashSet<>();
    private final Set<Subscriber> all = new HashSet<>();
    private static final Subscriber[] NONE = new Subscriber[0];

    public void add(Subscriber subscriber) {
        if (!all.add(subscriber)) {
            return;
        }
        for (TopicSelector selector : subscriber.selectors()) {
            if (selector instanceof TopicSelector.Exact exact) {
                byExactTopic.computeIfAbsent(exact.text(), topic -> new LinkedHashSet<>()).add(subscriber);
            } else {
                withPatterns.add(subscriber);
            }
        }
    }

    public void remove(Subscriber subscriber) {
        if (!all.remove(subscriber)) {
            return;
        }
        for (TopicSelector selector : subscriber.selectors()) {
            if (selector instanceof TopicSelector.Exact exact) {
                Set<Subscriber> subscribers = byExactTopic.get(exact.text());
                if (subscribers != null && subscribers.remove(subscriber) && subscribers.isEmpty()) {
                    byExactTopic.remove(exact.text());
                }
            }
        }
        withPatterns.remove(subscriber);
    }

    /**
     * Calls {@code action} for each subscriber that {@link Subscriber#wants wants} the update. A
     * subscriber matched through several topics may be visited more than once; {@link Subscriber}
     * drops the repeats by sequence, which is cheaper than de-duplicating every fan-out here.
     * Iterates over snapshots, so the action may close and unregister subscribers.
     */
    public void forEachRecipient(Update update, Consumer<Subscriber> action) {
        for (String topic : update.topics()) {
            Set<Subscriber> exact = byExactTopic.get(topic);
            if (exact != null) {
                for (Subscriber subscriber : exact.toArray(NONE)) {
                    if (subscriber.grants().mayReceive(update)) {
                        action.accept(subscriber);
                    }
                }
            }
        }
        if (!withPatterns.isEmpty()) {
            for (Subscriber subscriber : withPatterns.toArray(NONE)) {
                if (subscriber.wants(update)) {
                    action.accept(subscriber);
                }
            }
        }
    }

    /** Every registered subscriber, for heartbeats and shutdown. */
    public List<Subscriber> all() {
        return new ArrayList<>(all);
    }

    public int size() {
        return all.size();
    }
}
