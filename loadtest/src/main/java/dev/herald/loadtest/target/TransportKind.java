package dev.herald.loadtest.target;

/** How a subscriber receives events. */
public enum TransportKind {
    SSE("sse"),
    WEBSOCKET("ws"),
    LONG_POLL("longpoll");

    private final String wireName;

    TransportKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static TransportKind parse(String text) {
        for (TransportKind kind : values()) {
            if (kind.wireName.equalsIgnoreCase(text)) {
                return kind;
            }
        }
        if ("websocket".equalsIgnoreCase(text)) {
            return WEBSOCKET;
        }
        throw new IllegalArgumentException("unknown transport " + text + " (sse, ws, longpoll)");
    }
}
