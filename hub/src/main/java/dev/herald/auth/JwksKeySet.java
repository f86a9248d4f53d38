package dev.herald.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The keys of one JWKS endpoint ({@code publisher_jwks_url} or {@code subscriber_jwks_url}), fetched
 * over HTTP(S) with the hub's Vert.x and kept between fetches.
 *
 * <p>When it fetches: at start; again after the response's {@code Cache-Control: max-age} (held
 * between {@link #MIN_REFRESH} and {@link #MAX_REFRESH}; {@link #DEFAULT_REFRESH} without one), or
 * {@link #RETRY_AFTER_FAILURE} after a failure; and when a token names a {@code kid} the set does
 * not hold ({@link #refreshFor}), at most once per {@link #UNKNOWN_KID_INTERVAL}, so a flood of
 * tokens with made-up {@code kid}s costs at most one fetch per interval. Requests arriving during a
 * fetch share it. A fetch that fails (unreachable, slower than {@link #FETCH_TIMEOUT}, not a 200,
 * larger than {@link #MAX_BYTES}, not a JWK Set) changes nothing: the keys fetched before stay.
 *
 * <p>Threading: fetches and their bookkeeping are confined to one context of the hub's Vert.x,
 * never an event loop's turn spent waiting; the keys are published through a volatile field that
 * any event loop reads.
 */
public final class JwksKeySet {
    static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
    static final Duration MIN_REFRESH = Duration.ofMinutes(1);
    static final Duration MAX_REFRESH = Duration.ofDays(1);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(15);
    static final Duration UNKNOWN_KID_INTERVAL = Duration.ofSeconds(10);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** Real sets weigh a few KiB; this leaves room for many keys and certificate chains. */
    static final int MAX_BYTES = 512 * 1024;

    private static final Logger LOG = Logger.getLogger(JwksKeySet.class.getName());
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d{1,12})\"?\\s*(?:,|$)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_STORE = Pattern.compile("(?:^|,)\\s*(no-store|no-cache)\\s*(?:,|=|$)",
            Pattern.CASE_INSENSITIVE);

    private final Vertx vertx;
    private final Context home;
    private final HttpClient client;
    private final String option;
    private final URI url;
    private final Set<String> allowList;
    private final TokenRules rules;
    private final Consumer<Boolean> fetchOutcome;
    private final Runnable keysChanged;
    private volatile JwkSetKeys keys;

    // Confined to home.
    private Future<Void> inFlight;
    private long lastOnDemandNanos;
    private boolean onDemandUsed;
    private Buffer lastBody;
    private long timer = -1;

    /**
     * @param option       the option naming the URL, for the log
     * @param allowList    {@code jwt_algorithms}; empty allows every algorithm that fits a key
     * @param fetchOutcome told {@code true} or {@code false} after every fetch (the metrics)
     * @param keysChanged  run when the fetched keys differ from those before (to forget verified tokens)
     * @param rules        what every token is held to beyond its signature
     */
    public JwksKeySet(Vertx vertx, String option, URI url, List<String> allowList, Consumer<Boolean> fetchOutcome,
                      Runnable keysChanged, TokenRules rules) {
        this.vertx = vertx;
        this.home = vertx.getOrCreateContext();
        this.option = option;
        this.url = url;
        this.allowList = Set.copyOf(allowList);
        this.fetchOutcome = fetchOutcome;
        this.keysChanged = keysChanged;
        this.rules = rules;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(false)
                .setConnectTimeout((int) FETCH_TIMEOUT.toMillis())
                .setMaxRedirects(0));
        if ("http".equals(url.getScheme())) {
            LOG.warning(option + " is plain http: whoever can alter the response between here and " + url.getHost()
                    + " can sign tokens; use https");
        }
    }

    /** The first fetch; completes when it is done, whether it found keys or not (never fails). */
    public Future<Void> start() {
        Promise<Void> done = Promise.promise();
        home.runOnContext(ignored -> refresh().onComplete(done));
        return done.future();
    }

    public String option() {
        return option;
    }

    /** True once a fetch has succeeded: until then, no token can be verified with this set. */
    public boolean fetched() {
        return keys != null;
    }

    /** The verifier for {@code kid}, or null when the set (as last fetched) does not hold it. */
    JwtTokenVerifier key(String kid) {
        JwkSetKeys current = keys;
        return current == null ? null : current.verifiers().get(kid);
    }

    /**
     * Fetches the set again because a token named {@code kid}, unless another fetch brought it, one
     * is under way (then waits for it) or the rate limit says not yet. Completes when there is
     * nothing more to wait for; never fails.
     */
    Future<Void> refreshFor(String kid) {
        Promise<Void> done = Promise.promise();
        home.runOnContext(ignored -> {
            if (key(kid) != null) {
                done.complete();
            } else if (inFlight != null) {
                inFlight.onComplete(done);
            } else if (onDemandUsed && System.nanoTime() - lastOnDemandNanos < UNKNOWN_KID_INTERVAL.toNanos()) {
                done.complete();
            } else {
                onDemandUsed = true;
                lastOnDemandNanos = System.nanoTime();
                refresh().onComplete(done);
            }
        });
        return done.future();
    }

    /** One fetch, shared by whoever asks while it runs; schedules the next. On home. */
    private Future<Void> refresh() {
        if (inFlight != null) {
            return inFlight;
        }
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        Promise<Void> done = Promise.promise();
        inFlight = done.future();
        fetch().onComplete(fetched -> {
            Duration next;
            boolean ok = false;
            if (fetched.failed()) {
                LOG.warning(option + ": fetching " + url + " failed (" + fetched.cause().getMessage() + ");"
                        + (keys == null ? " no keys yet, tokens that need them are refused" : " keeping the keys fetched before")
                        + "; next try in " + RETRY_AFTER_FAILURE.toSeconds() + " s");
                next = RETRY_AFTER_FAILURE;
            } else {
                try {
                    apply(fetched.result().body());
                    ok = true;
                    next = refreshAfter(fetched.result().cacheControl());
                } catch (IllegalArgumentException malformed) {
                    LOG.warning(option + ": " + url + " answered, but " + malformed.getMessage()
                            + (keys == null ? "; no keys yet" : "; keeping the keys fetched before"));
                    next = RETRY_AFTER_FAILURE;
                }
            }
            fetchOutcome.accept(ok);
            inFlight = null;
            timer = vertx.setTimer(next.toMillis(), id -> {
                timer = -1;
                refresh();
            });
            done.complete();
        });
        return done.future();
    }

    /** Takes a fetched body as the keys, unless it is the same as last time. */
    private void apply(Buffer body) {
        if (body.equals(lastBody)) {
            return;
        }
        JwkSetKeys parsed = JwkSetKeys.parse(body, allowList, rules);
        boolean replacing = keys != null;
        lastBody = body;
        keys = parsed;
        if (replacing) {
            keysChanged.run();
        }
        String usable = parsed.described().entrySet().stream()
                .map(key -> "'" + JwkSetKeys.shown(key.getKey()) + "' (" + key.getValue() + ")")
                .collect(Collectors.joining(", "));
        int count = parsed.verifiers().size();
        LOG.info(option + ": " + count + (count == 1 ? " usable key" : " usable keys") + " from " + url
                + (usable.isEmpty() ? "" : ": " + usable));
        for (String skipped : parsed.skipped()) {
            LOG.warning(option + ": skipped " + skipped);
        }
    }

    private record Fetched(Buffer body, String cacheControl) {
    }

    /** GET the set: a 200 with at most {@link #MAX_BYTES}, within {@link #FETCH_TIMEOUT}. On home. */
    private Future<Fetched> fetch() {
        Promise<Fetched> answer = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .putHeader(HttpHeaders.ACCEPT, "application/jwk-set+json, application/json")
                .setFollowRedirects(false)
                .setIdleTimeout(FETCH_TIMEOUT.toMillis());
        HttpClientRequest[] sent = new HttpClientRequest[1];
        long deadline = vertx.setTimer(FETCH_TIMEOUT.toMillis(), id -> {
            if (answer.tryFail("no complete answer within " + FETCH_TIMEOUT.toSeconds() + " s") && sent[0] != null) {
                sent[0].reset();
            }
        });
        answer.future().onComplete(ignored -> vertx.cancelTimer(deadline));
        client.request(options).onFailure(answer::tryFail).onSuccess(request -> {
            sent[0] = request;
            if (answer.future().isComplete()) {
                request.reset();
                return;
            }
            request.send().onFailure(answer::tryFail).onSuccess(response -> {
                response.exceptionHandler(answer::tryFail);
                if (response.statusCode() != 200) {
                    answer.tryFail("HTTP status " + response.statusCode());
                    request.reset();
                    return;
                }
                String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
                if (length != null && length.strip().matches("\\d+")
                        && (length.strip().length() > 9 || Long.parseLong(length.strip()) > MAX_BYTES)) {
                    answer.tryFail("larger than " + MAX_BYTES + " bytes");
                    request.reset();
                    return;
                }
                Buffer body = Buffer.buffer();
                response.handler(chunk -> {
                    if (answer.future().isComplete()) {
                        return;
                    }
                    if (body.length() + chunk.length() > MAX_BYTES) {
                        answer.tryFail("larger than " + MAX_BYTES + " bytes");
                        request.reset();
                        return;
                    }
                    body.appendBuffer(chunk);
                });
                response.endHandler(ignored -> answer.tryComplete(
                        new Fetched(body, response.getHeader(HttpHeaders.CACHE_CONTROL))));
            });
        });
        return answer.future();
    }

    /** When to fetch again after a success: {@code max-age} within bounds, or the default. */
    static Duration refreshAfter(String cacheControl) {
        if (cacheControl == null) {
            return DEFAULT_REFRESH;
        }
        if (NO_STORE.matcher(cacheControl).find()) {
            return MIN_REFRESH;
        }
        Matcher maxAge = MAX_AGE.matcher(cacheControl);
        if (!maxAge.find()) {
            return DEFAULT_REFRESH;
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(maxAge.group(1)));
        return asked.compareTo(MIN_REFRESH) < 0 ? MIN_REFRESH : asked.compareTo(MAX_REFRESH) > 0 ? MAX_REFRESH : asked;
    }

    /** What the set holds now, by kid, for tests and the log. */
    Map<String, String> described() {
        JwkSetKeys current = keys;
        return current == null ? Map.of() : current.described();
    }
}
