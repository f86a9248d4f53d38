package dev.herald.metrics;

/** The transports, as metrics label them. */
public enum TransportKind {
    SSE("sse"),
    WEBSOCKET("websocket"),
    LONGPOLL("longpoll");

    private final String label;

    TransportKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
