package dev.herald.loadtest.wire;

/**
 * Decodes a {@code Transfer-Encoding: chunked} body (RFC 9112 §7.1) incrementally, whatever
 * bytes each read ends at: chunk data goes to the listener as ranges of the caller's array,
 * with nothing copied or allocated. Extensions and trailer fields are skipped. Confined to the
 * connection's event loop.
 */
public final class ChunkedDecoder {

    /** Receives the body's bytes: {@code bytes[from, to)}, valid only during the call. */
    public interface Body {
        void onBytes(byte[] bytes, int from, int to);
    }

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

    /** A chunk size past this is no body of ours (and would overflow the count). */
    private static final long MAX_CHUNK_BYTES = 1L << 40;

    private final Body body;
    private State state = State.SIZE;
    private long size;
    private int sizeDigits;
    private long remaining;
    private int trailerLineLength;

    public ChunkedDecoder(Body body) {
        this.body = body;
    }

    /**
     * Reads {@code bytes[from, to)}, the next bytes of the body.
     *
     * @return where the last chunk and trailer ended in {@code bytes}, else -1 (all consumed)
     * @throws IllegalStateException on malformed framing
     */
    public int feed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, to - i);
                    body.onBytes(bytes, i, i + n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_CR;
                    }
                }
                case SIZE -> {
                    byte b = bytes[i++];
                    int digit = Character.digit(b, 16);
                    if (digit >= 0) {
                        size = size * 16 + digit;
                        if (++sizeDigits > 10 || size > MAX_CHUNK_BYTES) {
                            throw new IllegalStateException("chunk size too large");
                        }
                    } else if (sizeDigits == 0) {
                        throw new IllegalStateException("malformed chunk size (byte " + (b & 0xff) + ")");
                    } else if (b == '\r') {
                        state = State.SIZE_LF;
                    } else if (b == ';' || b == ' ' || b == '\t') {
                        state = State.EXTENSION;
                    } else if (b == '\n') {
                        endOfSizeLine();
                    } else {
                        throw new IllegalStateException("malformed chunk size (byte " + (b & 0xff) + ")");
                    }
                }
                case EXTENSION -> {
                    if (bytes[i++] == '\n') {
                        endOfSizeLine();
                    }
                }
                case SIZE_LF -> {
                    expect(bytes[i++], '\n');
                    endOfSizeLine();
                }
                case DATA_CR -> {
                    byte b = bytes[i++];
                    if (b == '\n') {
                        state = State.SIZE; // A bare LF ends the chunk too.
                    } else {
                        expect(b, '\r');
                        state = State.DATA_LF;
                    }
                }
                case DATA_LF -> {
                    expect(bytes[i++], '\n');
                    state = State.SIZE;
                }
                case TRAILER -> {
                    byte b = bytes[i++];
                    if (b == '\n') {
                        if (trailerLineLength == 0) {
                            state = State.DONE;
                            return i;
                        }
                        trailerLineLength = 0;
                    } else if (b != '\r') {
                        trailerLineLength++;
                    }
                }
                case DONE -> {
                    return i;
                }
            }
        }
        return state == State.DONE ? i : -1;
    }

    public boolean done() {
        return state == State.DONE;
    }

    private void endOfSizeLine() {
        remaining = size;
        state = size == 0 ? State.TRAILER : State.DATA;
        size = 0;
        sizeDigits = 0;
    }

    private static void expect(byte actual, char expected) {
        if (actual != expected) {
            throw new IllegalStateException("malformed chunk framing: expected " + (int) expected + ", got " + (actual & 0xff));
        }
    }
}
