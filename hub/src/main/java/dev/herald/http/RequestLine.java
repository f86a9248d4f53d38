package dev.herald.http;

/**
 * How long a request line may be. Only a subscription needs a long one (its topics travel in the
 * query string); every other request is held to {@link #MAX_BYTES}, so a connection that is not
 * subscribing can make the hub buffer no more than that.
 */
public final class RequestLine {
    /** Longest request line outside the subscribe path (method, target and version). */
    public static final int MAX_BYTES = 8 * 1024;

    private RequestLine() {
    }

    /**
     * Longest subscribe request line: {@code maxSubscriptionBytes} of selectors, tripled because
     * percent-encoding writes a byte as three, a {@code &topic=} per selector, and
     * {@link #MAX_BYTES} for the rest (a token in the query, {@code lastEventID}, the version).
     */
    public static int subscribeLimit(int maxSubscriptionBytes, int maxTopics) {
        long limit = 3L * maxSubscriptionBytes + (long) "&topic=".length() * maxTopics + MAX_BYTES;
        return (int) Math.min(Integer.MAX_VALUE - 1024, limit);
    }

    /** The reason a 414 gives outside the subscribe path. */
    static String tooLong() {
        return "request line longer than " + MAX_BYTES + " bytes: only a subscription (GET with topics) may be longer";
    }
}
