package dev.herald.testing;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint served by the test on an ephemeral port of 127.0.0.1: the set it serves, its
 * status and {@code Cache-Control} can change at any time; it counts the requests it receives, can
 * hold them unanswered (a slow endpoint) and can stop listening and listen again on the same port.
 */
public final class JwksServer implements AutoCloseable {
    public static final String PATH = "/.well-known/jwks.json";

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger fetches = new AtomicInteger();
    private final ConcurrentLinkedQueue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
    private volatile String body = "{\"keys\":[]}";
    private volatile int status = 200;
    private volatile String cacheControl;
    private volatile boolean holding;
    private HttpServer server;
    private int port;

    private JwksServer() {
    }

    /** Serves an empty set until told otherwise. */
    public static JwksServer start() {
        JwksServer jwks = new JwksServer();
        jwks.listen(0);
        return jwks;
    }

    private void listen(int onPort) {
        server = TestHub.await(vertx.createHttpServer().requestHandler(request -> {
            fetches.incrementAndGet();
            if (holding) {
                held.add(request);
                return;
            }
            var response = request.response().setStatusCode(status).putHeader("Content-Type", "application/jwk-set+json");
            if (cacheControl != null) {
                response.putHeader("Cache-Control", cacheControl);
            }
            response.end(body);
        }).listen(onPort, "127.0.0.1").toCompletionStage().toCompletableFuture());
        port = server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** Serves a set of these keys (JWKs as {@link #jwk} builds them). */
    public JwksServer keys(JsonObject... keys) {
        body = new JsonObject().put("keys", new JsonArray(List.of((Object[]) keys))).encode();
        return this;
    }

    /** Serves exactly {@code text}. */
    public JwksServer body(String text) {
        body = text;
        return this;
    }

    public JwksServer status(int code) {
        status = code;
        return this;
    }

    public JwksServer cacheControl(String value) {
        cacheControl = value;
        return this;
    }

    /** Leaves every request from now on unanswered (until {@link #close}). */
    public JwksServer hold() {
        holding = true;
        return this;
    }

    /** Requests received so far. */
    public int fetches() {
        return fetches.get();
    }

    /** Stops listening: fetches are refused until {@link #listenAgain}. */
    public void stopListening() {
        TestHub.await(server.close().toCompletionStage().toCompletableFuture());
    }

    /** Listens again on the port it had. */
    public void listenAgain() {
        listen(port);
    }

    @Override
    public void close() {
        TestHub.await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    /** The public JWK of {@code key} with {@code kid}, and {@code alg} when not null, plus {@code extra} members. */
    public static JsonObject jwk(PublicKey key, String kid, String alg, Map<String, Object> extra) {
        JsonObject jwk = new JsonObject();
        if (key instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA").put("n", unsigned(rsa.getModulus(), 0)).put("e", unsigned(rsa.getPublicExponent(), 0));
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            int bytes = (bits + 7) / 8;
            jwk.put("kty", "EC").put("crv", "P-" + bits)
                    .put("x", unsigned(ec.getW().getAffineX(), bytes)).put("y", unsigned(ec.getW().getAffineY(), bytes));
        } else {
            throw new IllegalArgumentException("RSA or EC keys only");
        }
        jwk.put("kid", kid);
        if (alg != null) {
            jwk.put("alg", alg);
        }
        extra.forEach(jwk::put);
        return jwk;
    }

    public static JsonObject jwk(PublicKey key, String kid) {
        return jwk(key, kid, null, Map.of());
    }

    /** A token with {@code kid} in its header (none when null) and this {@code mercure} claim, signed with {@code key}. */
    public static String token(String kid, Key key, SecureDigestAlgorithm<?, ?> algorithm, Map<String, ?> mercure) {
        JwtBuilder builder = Jwts.builder().claim("mercure", mercure);
        if (kid != null) {
            builder.header().keyId(kid);
        }
        @SuppressWarnings("unchecked")
        SecureDigestAlgorithm<Key, ?> signing = (SecureDigestAlgorithm<Key, ?>) algorithm;
        return builder.signWith(key, signing).compact();
    }

    /** RFC 7518 section 6: big-endian, no sign byte, left-padded to {@code length} when given. */
    static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length < length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
