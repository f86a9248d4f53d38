package dev.herald.core;

import java.util.List;

/** The one place that says whether a set of selectors matches a set of topics. */
public final class Matching {
    private Matching() {
    }

    public static boolean anyMatch(List<TopicSelector> selectors, List<String> topics) {
        for (TopicSelector selector : selectors) {
            if (matchesAny(selector, topics)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code selector} matches at least one of {@code topics}. */
    public static boolean matchesAny(TopicSelector selector, List<String> topics) {
        for (String topic : topics) {
            if (selector.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** True when at least one of {@code selectors} matches {@code topic}. */
    public static boolean matchesAny(List<TopicSelector> selectors, String topic) {
        for (TopicSelector selector : selectors) {
            if (selector.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** True when every topic is matched by at least one selector (a publisher's grant check). */
    public static boolean allMatch(List<TopicSelector> selectors, List<String> topics) {
        for (String topic : topics) {
            if (!anyMatch(selectors, List.of(topic))) {
                return false;
            }
        }
        return true;
    }
}
