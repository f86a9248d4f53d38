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
     * Decodes bytes {@code [from, to)} of {@code bytes} into {@code into} and checks they are
     * exactly what {@link #encode} makes of those numbers: the right length, padded with
     * {@code x}. Reads the bytes in place: nothing is allocated.
     */
    public boolean matches(byte[] bytes, int from, int to, Fields into) {
        int headerEnd = decodeHeader(bytes, from, to, into);
        if (headerEnd < 0 || to - from != Math.max(headerEnd - from, padding.length())) {
            return false;
        }
        for (int i = headerEnd; i < to; i++) {
            if (bytes[i] != 'x') {
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

    /** Reads the four numbers of a payload without checking its padding; false if it has none. */
    public static boolean readNumbers(byte[] bytes, Fields into) {
        return decodeHeader(bytes, 0, bytes.length, into) >= 0;
    }

    /** Decodes the four numbers; returns where the padding starts, or -1. */
    private static int decodeHeader(byte[] bytes, int from, int to, Fields into) {
        int position = from;
        for (int field = 0; field < 4; field++) {
            long value = 0;
            int start = position;
            while (position < to && bytes[position] != ':') {
                int digit = bytes[position++] - '0';
                // More than 18 digits would overflow: no payload of ours is that long.
                if (digit < 0 || digit > 9 || position - start > 18) {
                    return -1;
                }
                value = value * 10 + digit;
            }
            if (position == start || position >= to) {
                return -1;
            }
            if (field < 2 && value > Integer.MAX_VALUE) {
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
