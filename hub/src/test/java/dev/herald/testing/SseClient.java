package dev.herald.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events client that parses the stream the way the WHATWG HTML standard says an
 * EventSource must: lines end with CRLF, LF or CR; {@code :} starts a comment; one space after the
 * colon is dropped; {@code data} lines are joined with LF; {@code id} persists across events and is
 * ignored when it holds NUL; {@code retry} must be all digits; a blank line dispatches the event
 * unless its data is empty.
 *
 * <p>Dispatched events queue up for {@link #next()}; comment lines (heartbeats) are counted; every
 * line received is kept for assertions on the exact wire format.
 */
public final class SseClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a negative check ("nothing else arrives") waits. */
    public static final Duration QUIET_PERIOD = Duration.ofMillis(300);

    private final String url;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger comments = new AtomicInteger();
    private volatile int status;
    private volatile MultiMap headers;
    private volatile String errorBody;
    private volatile HttpClientRequest request;
    private volatile boolean closedByUs;

    // Parser state, touched only on the client's event loop.
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean skipLineFeed;
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventId = "";
    private Long retry;

    private SseClient(String url) {
        this.url = url;
    }

    public static Builder to(TestHub hub) {
        return new Builder(hub.hubUrl());
    }

    /** A subscription to the hub at {@code hubUrl} (its {@code /.well-known/mercure}). */
    public static Builder to(String hubUrl) {
        return new Builder(hubUrl);
    }

    /** A subscription request under construction. */
    public static final class Builder {
        private final String hubUrl;
        private final List<String> topics = new ArrayList<>();
        private final List<String> query = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(String hubUrl) {
            this.hubUrl = hubUrl;
            headers.put("Accept", "text/event-stream");
        }

        public Builder topics(String... more) {
            topics.addAll(List.of(more));
            return this;
        }

        /** Sends {@code Authorization: Bearer token}; null sends nothing. */
        public Builder token(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        /** Adds the token as the {@code authorization} query parameter. */
        public Builder queryToken(String token) {
            return query("authorization", token);
        }

        public Builder cookie(String name, String value) {
            return header("Cookie", name + "=" + value);
        }

        /** Sends the {@code Last-Event-ID} request header. */
        public Builder lastEventId(String id) {
            return header("Last-Event-ID", id);
        }

        /** Adds a query parameter, percent-encoded. */
        public Builder query(String name, String value) {
            query.add(TestHub.encode(name) + "=" + TestHub.encode(value));
            return this;
        }

        /** Adds text to the query string exactly as given (for malformed input). */
        public Builder rawQuery(String text) {
            query.add(text);
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public String url() {
            StringBuilder url = new StringBuilder(TestHub.subscribeUrl(hubUrl, topics.toArray(String[]::new)));
            for (String parameter : query) {
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(parameter);
            }
            return url.toString();
        }

        /** Sends the request without waiting for the response head. */
        public SseClient connect() {
            SseClient client = new SseClient(url());
            client.start(headers);
            return client;
        }

        /** Sends the request and waits for the response head (or the complete error response). */
        public SseClient open() {
            SseClient client = connect();
            client.awaitOpen();
            return client;
        }
    }

    private void start(Map<String, String> requestHeaders) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        requestHeaders.forEach(map::add);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setHeaders(map);
        Http.streamClient().request(options).onComplete(created -> {
            if (created.failed()) {
                fail(created.cause());
                return;
            }
            request = created.result();
            if (closedByUs) {
                request.connection().close();
                return;
            }
            request.send().onComplete(sent -> {
                if (sent.failed()) {
                    fail(sent.cause());
                } else {
                    onResponse(sent.result());
                }
            });
        });
    }

    private void onResponse(HttpClientResponse response) {
        status = response.statusCode();
        headers = response.headers();
        String contentType = response.getHeader("Content-Type");
        if (status != 200 || contentType == null || !contentType.startsWith("text/event-stream")) {
            response.body().onComplete(body -> {
                errorBody = body.succeeded() ? body.result().toString(StandardCharsets.UTF_8) : "";
                opened.complete(null);
                ended.complete(null);
            });
            return;
        }
        response.handler(this::feed);
        response.exceptionHandler(error -> ended.complete(null));
        response.endHandler(done -> ended.complete(null));
        opened.complete(null);
    }

    private void fail(Throwable cause) {
        opened.completeExceptionally(cause);
        ended.complete(null);
    }

    /** Waits for the response head; returns the status. Fails if none came within the default timeout. */
    public int awaitOpen() {
        try {
            opened.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no response head from " + url + " within " + DEFAULT_TIMEOUT);
        } catch (Exception e) {
            throw new AssertionError("subscription to " + url + " failed: " + e, e);
        }
        return status;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers == null ? null : headers.get(name);
    }

    public MultiMap headers() {
        return headers;
    }

    /** The body of a refused subscription (non-200 or not an event stream). */
    public String errorBody() {
        return errorBody;
    }

    /** The next event; fails when none arrives within the default timeout. */
    public SseEvent next() {
        return next(DEFAULT_TIMEOUT);
    }

    public SseEvent next(Duration timeout) {
        SseEvent event = nextOrNull(timeout);
        if (event == null) {
            throw new AssertionError("no event within " + timeout + " on " + url + " (status " + status
                    + ", ended " + ended.isDone() + ", lines " + lines() + ")");
        }
        return event;
    }

    /** The next event, or null when none arrives within {@code timeout} (for negative checks). */
    public SseEvent nextOrNull(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event if one already arrived, else null. */
    public SseEvent poll() {
        return events.poll();
    }

    /** The next {@code count} events. */
    public List<SseEvent> next(int count) {
        List<SseEvent> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            received.add(next());
        }
        return received;
    }

    /** Comment lines received so far (heartbeats). */
    public int commentCount() {
        return comments.get();
    }

    /** Waits until at least {@code count} comment lines arrived; fails after {@code timeout}. */
    public void awaitComments(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (comments.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " comment lines within " + timeout + ", got "
                        + comments.get());
            }
            pause();
        }
    }

    /** Every line received so far, without line terminators. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** True once the hub ended the stream (or the connection failed) while we kept it open. */
    public boolean awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    public boolean isEnded() {
        return ended.isDone();
    }

    /** Closes the TCP connection, as a browser tab going away would. */
    @Override
    public void close() {
        closedByUs = true;
        HttpClientRequest current = request;
        if (current != null) {
            current.connection().close();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // WHATWG HTML, 9.2.6 "Interpreting an event stream".
    private void feed(Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        for (byte b : bytes) {
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r' || b == '\n') {
                skipLineFeed = b == '\r';
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                processLine(text);
            } else {
                line.write(b);
            }
        }
    }

    private void processLine(String text) {
        lines.add(text);
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.startsWith(":")) {
            comments.incrementAndGet();
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            eventType = "";
            retry = null;
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        events.add(new SseEvent(lastEventId, eventType.isEmpty() ? null : eventType, payload, retry));
        data.setLength(0);
        eventType = "";
        retry = null;
    }
}
