package dev.herald.loadtest.measure;

/**
 * The event body every publisher sends: {@code <topic>:<publisher>:<seq>:<sendMicros>:} padded
 * with {@code x} to the requested size. ASCII only, so it needs no escaping in JSON, form
 * encoding or Socket.IO frames, and its size is the same on every wire.
 */
public final class Payload {

    private final String padding;

    public Payload(int sizeBytes) {
        this.padding = "x".repeat(sizeBytes);
    }

    public String encode(int topic, int publisher, long sequence, long sendMicros) {
        String header = topic + ":" + publisher + ":" + sequence + ":" + sendMicros + ":";
        return header.length() >= padding.length() ? header : header + padding.substring(header.length());
    }

    /**
     * Decodes {@code text} into {@code into} and checks it is exactly what {@link #encode} makes
     * of those numbers: the right length, padded with {@code x}. Compares characters in place.
     */
    public boolean matches(String text, Fields into) {
        int headerEnd = decodeHeader(text, into);
        if (headerEnd < 0 || text.length() != Math.max(headerEnd, padding.length())) {
            return false;
        }
        for (int i = headerEnd; i < text.length(); i++) {
            if (text.charAt(i) != 'x') {
                return false;
            }
        }
        return true;
    }

    /** The numbers of a decoded payload; one instance per subscriber, reused for every event. */
    public static final class Fields {
        public int topic;
        public int publisher;
        public long sequence;
        public long sendMicros;
    }

    /** Decodes into {@code into}; returns false when {@code text} is not a payload of ours. */
    public static boolean decode(String text, Fields into) {
        return decodeHeader(text, into) >= 0;
    }

    /** Decodes the four numbers; returns where the padding starts, or -1. */
    private static int decodeHeader(String text, Fields into) {
        if (text == null) {
            return -1;
        }
        int position = 0;
        for (int field = 0; field < 4; field++) {
            long value = 0;
            int start = position;
            while (position < text.length() && text.charAt(position) != ':') {
                char c = text.charAt(position++);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            if (position == start || position >= text.length()) {
                return -1;
            }
            position++;
            switch (field) {
                case 0 -> into.topic = (int) value;
                case 1 -> into.publisher = (int) value;
                case 2 -> into.sequence = value;
                default -> into.sendMicros = value;
            }
        }
        return position;
    }
}
