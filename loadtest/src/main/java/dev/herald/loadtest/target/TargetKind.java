package dev.herald.loadtest.target;

import java.util.EnumSet;
import java.util.Set;

/** The servers the load tester can drive, with what each one offers. */
public enum TargetKind {
    HERALD("herald", 8080, EnumSet.allOf(TransportKind.class), true),
    NCHAN("nchan", 8081, EnumSet.allOf(TransportKind.class), true),
    // Socket.IO rooms keep no history, so there is nothing to resume from.
    SOCKETIO("socketio", 3000, EnumSet.of(TransportKind.WEBSOCKET), false);

    private final String wireName;
    private final int defaultPort;
    private final Set<TransportKind> transports;
    private final boolean resumable;

    TargetKind(String wireName, int defaultPort, Set<TransportKind> transports, boolean resumable) {
        this.wireName = wireName;
        this.defaultPort = defaultPort;
        this.transports = transports;
        this.resumable = resumable;
    }

    public String wireName() {
        return wireName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public boolean supports(TransportKind transport) {
        return transports.contains(transport);
    }

    /** Whether a subscriber can reconnect with a Last-Event-ID and get what it missed. */
    public boolean resumable() {
        return resumable;
    }

    public static TargetKind parse(String text) {
        for (TargetKind kind : values()) {
            if (kind.wireName.equalsIgnoreCase(text)) {
                return kind;
            }
        }
        if ("socket.io".equalsIgnoreCase(text)) {
            return SOCKETIO;
        }
        throw new IllegalArgumentException("unknown target " + text + " (herald, nchan, socketio)");
    }
}
