package dev.herald.core;

import java.util.List;

/** The one place that says whether a set of selectors matches a set of topics. */
public final class Matching {
    private Matching() {
    }

    public static boolean anyMatch(List<TopicSelector> selectors, List<String> topics) {
        for (TopicSelector selector : selectors) {
            for (String topic : topics) {
                if (selector.matches(topic)) {
                    return true;
                }
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
