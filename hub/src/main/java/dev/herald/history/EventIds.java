package dev.herald.history;

import java.util.UUID;

/** Event ids the log generates for updates published without one. */
public final class EventIds {
    private EventIds() {
    }

    /** {@code chosen} when the publisher gave an id, else a fresh {@code urn:uuid:…}. */
    public static String chosenOrGenerated(String chosen) {
        return chosen != null ? chosen : "urn:uuid:" + UUID.randomUUID();
    }
}
