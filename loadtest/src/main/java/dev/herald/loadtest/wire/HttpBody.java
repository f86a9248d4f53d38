package dev.herald.loadtest.wire;

/**
 * A response body as its head frames it (RFC 9112 §6.3): chunked, a {@code Content-Length}, or
 * everything until the connection closes. Hands the body's bytes on as ranges of the caller's
 * array, nothing copied. Confined to the connection's event loop.
 */
public final class HttpBody {

    private final ChunkedDecoder.Body body;
    private final ChunkedDecoder chunked;
    private long remaining;

    public HttpBody(HttpResponseHead head, ChunkedDecoder.Body body) {
        this.body = body;
        this.chunked = head.chunked() ? new ChunkedDecoder(body) : null;
        this.remaining = chunked != null ? -1 : head.contentLength();
    }

    /**
     * Reads {@code bytes[from, to)}, the next bytes after the head.
     *
     * @return whether the body ended (bytes past its end are ignored)
     * @throws IllegalStateException on malformed chunked framing
     */
    public boolean feed(byte[] bytes, int from, int to) {
        if (chunked != null) {
            return chunked.feed(bytes, from, to) >= 0;
        }
        if (remaining < 0) {
            body.onBytes(bytes, from, to);
            return false;
        }
        int n = (int) Math.min(remaining, to - from);
        if (n > 0) {
            body.onBytes(bytes, from, from + n);
        }
        remaining -= n;
        return remaining == 0;
    }
}
