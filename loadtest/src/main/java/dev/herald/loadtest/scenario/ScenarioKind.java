package dev.herald.loadtest.scenario;

/** What a run measures; see help.txt for the steps of each. */
public enum ScenarioKind {
    /** Subscribers on few topics, a publish rate that rises step by step. */
    FANOUT("fanout"),
    /** Subscribers spread over many topics (one or a few each), rising rate. */
    MANY_TOPICS("many-topics"),
    /** Connect, publish nothing, measure server memory per connection. */
    IDLE("idle"),
    /** Sustained connects and disconnects per second. */
    CHURN("churn"),
    /** Subscribers reconnect with a Last-Event-ID some events back and must get exactly the rest. */
    CATCH_UP("catch-up"),
    /** The generator's own receiving ceiling, against a local server that writes as fast as it reads. */
    CALIBRATE("calibrate");

    private final String wireName;

    ScenarioKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ScenarioKind parse(String text) {
        for (ScenarioKind kind : values()) {
            if (kind.wireName.equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + text + " (fanout, many-topics, idle, churn, catch-up, calibrate)");
    }
}
