package dev.herald.subscription;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.Matching;
import dev.herald.core.TopicSelector;
import dev.herald.core.Update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds the subscribers that may want an update without looking at unrelated ones. Subscribers are
 * grouped by selector: exact selectors are looked up by topic in a hash map; each distinct pattern
 * ({@code *}, a URI template, a URL pattern) is matched once per update, however many subscribers share it. The
 * cost of a dispatch grows with the number of recipients and distinct patterns, not with the number
 * of subscribers.
 *
 * <p>Threading: confined to one event loop; each loop has its own index.
 */
final class SelectorIndex {
    private static final Subscriber[] NONE = new Subscriber[0];

    private final Map<String, Set<Subscriber>> byExactTopic = new HashMap<>();
    /** Keyed by type and text: a URI template and a URL pattern with the same text differ. */
    private final Map<TopicSelector.Key, PatternGroup> byPattern = new HashMap<>();
    private final Set<Subscriber> all = new HashSet<>();

    /** The subscribers sharing one pattern selector. */
    private record PatternGroup(TopicSelector selector, Set<Subscriber> subscribers) {
    }

    public void add(Subscriber subscriber) {
        if (!all.add(subscriber)) {
            return;
        }
        for (TopicSelector selector : subscriber.selectors()) {
            if (selector instanceof TopicSelector.Exact exact) {
                byExactTopic.computeIfAbsent(exact.text(), topic -> new LinkedHashSet<>()).add(subscriber);
            } else {
                byPattern.computeIfAbsent(TopicSelector.Key.of(selector), key -> new PatternGroup(selector, new LinkedHashSet<>()))
                        .subscribers().add(subscriber);
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
            } else {
                PatternGroup group = byPattern.get(TopicSelector.Key.of(selector));
                if (group != null && group.subscribers().remove(subscriber) && group.subscribers().isEmpty()) {
                    byPattern.remove(TopicSelector.Key.of(selector));
                }
            }
        }
    }

    /**
     * Calls {@code action} once for each subscriber that {@link Subscriber#wants wants} the update
     * and does not have it yet. Each distinct pattern is matched once; the subscriber's own rule is
     * then answered from those results. Iterates over snapshots, so the action may close and
     * unregister subscribers.
     */
    public void forEachRecipient(EncodedUpdate encoded, Consumer<Subscriber> action) {
        Update update = encoded.update();
        List<String> topics = update.topics();
        Set<TopicSelector.Key> matchedPatterns = byPattern.isEmpty() ? Set.of() : new HashSet<>();
        List<Set<Subscriber>> candidates = new ArrayList<>(topics.size() + 1);
        for (String topic : topics) {
            Set<Subscriber> exact = byExactTopic.get(topic);
            if (exact != null) {
                candidates.add(exact);
            }
        }
        for (PatternGroup group : byPattern.values()) {
            if (Matching.matchesAny(group.selector(), topics)) {
                matchedPatterns.add(TopicSelector.Key.of(group.selector()));
                candidates.add(group.subscribers());
            }
        }
        Predicate<TopicSelector> selectorMatches = selector -> selector instanceof TopicSelector.Exact
                ? topics.contains(selector.text())
                : matchedPatterns.contains(TopicSelector.Key.of(selector));
        for (Set<Subscriber> group : candidates) {
            for (Subscriber subscriber : group.toArray(NONE)) {
                // A subscriber reached through several selectors is offered the update once:
                // the first offer delivers it, and the later ones find it already there.
                if (!subscriber.alreadyHas(encoded) && subscriber.wants(update, selectorMatches)) {
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
