package dev.herald.auth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The usable keys of a JWK Set (RFC 7517 section 5), by {@code kid}, each with the algorithms it may
 * verify: those its type and size fit (the rules of {@link PublicKeys}), narrowed to its own
 * {@code alg} when it names one and to {@code jwt_algorithms} when set. A key is skipped, with a line
 * saying why, when it has no {@code kid}, a {@code use} other than {@code sig}, {@code key_ops}
 * without {@code verify}, a type other than RSA or EC (an {@code oct} secret has no place in a
 * public document), private parts, too few bits, or no algorithm left.
 *
 * @param verifiers a verifier per usable key, by {@code kid}
 * @param described what each usable key is, by {@code kid}, for the log
 * @param skipped   one line per skipped key, for the log
 */
record JwkSetKeys(Map<String, JwtTokenVerifier> verifiers, Map<String, String> described, List<String> skipped) {
    /** More keys than any issuer rotates through; the rest are skipped, so a huge set costs little. */
    static final int MAX_KEYS = 100;
    private static final int MAX_KID_SHOWN = 64;

    JwkSetKeys {
        verifiers = Collections.unmodifiableMap(new LinkedHashMap<>(verifiers));
        described = Collections.unmodifiableMap(new LinkedHashMap<>(described));
        skipped = List.copyOf(skipped);
    }

    /** @throws IllegalArgumentException when {@code body} is no JSON object with a {@code keys} array */
    static JwkSetKeys parse(Buffer body, Set<String> allowList, TokenRules rules) {
        JsonArray keys;
        try {
            keys = new JsonObject(body).getJsonArray("keys");
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the response is not a JWK Set (a JSON object with a keys array)");
        }
        if (keys == null) {
            throw new IllegalArgumentException("the response is not a JWK Set: it has no keys array");
        }
        Map<String, JwtTokenVerifier> verifiers = new LinkedHashMap<>();
        Map<String, String> described = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (i == MAX_KEYS) {
                skipped.add((keys.size() - MAX_KEYS) + " keys after the first " + MAX_KEYS);
                break;
            }
            if (!(keys.getValue(i) instanceof JsonObject jwk)) {
                skipped.add("key " + i + ": not a JSON object");
                continue;
            }
            String kid = jwk.getValue("kid") instanceof String text ? text : null;
            String name = kid == null ? "key " + i : "key '" + shown(kid) + "'";
            if (kid == null) {
                skipped.add(name + ": no kid, so no token can name it");
            } else if (verifiers.containsKey(kid)) {
                skipped.add(name + ": a second key with this kid");
            } else {
                try {
                    KeySource.VerificationKey key = read(jwk, allowList);
                    verifiers.put(kid, new JwtTokenVerifier(key.key(), key.algorithms(), rules));
                    described.put(kid, key.description() + "; " + String.join(", ", new TreeSet<>(key.algorithms())));
                } catch (IllegalArgumentException unusable) {
                    skipped.add(name + ": " + unusable.getMessage());
                }
            }
        }
        return new JwkSetKeys(verifiers, described, skipped);
    }

    private static KeySource.VerificationKey read(JsonObject jwk, Set<String> allowList) {
        Object use = jwk.getValue("use");
        if (use != null && !"sig".equals(use)) {
            throw new IllegalArgumentException("use is not sig");
        }
        if (jwk.getValue("key_ops") instanceof JsonArray operations && !operations.contains("verify")) {
            throw new IllegalArgumentException("key_ops does not include verify");
        }
        Object kty = jwk.getValue("kty");
        if (!"RSA".equals(kty) && !"EC".equals(kty)) {
            throw new IllegalArgumentException("kty " + (kty instanceof String text ? shown(text) : "missing")
                    + " is not supported (RSA or EC public keys only)");
        }
        if (jwk.containsKey("d")) {
            throw new IllegalArgumentException("it holds a private key, which must never be published");
        }
        Key key;
        try {
            Jwk<?> parsed = Jwks.parser().build().parse(jwk.encode());
            key = parsed.toKey();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid " + kty + " JWK");
        }
        if (!(key instanceof PublicKey publicKey)) {
            throw new IllegalArgumentException("not a public key");
        }
        KeySource.VerificationKey fit = PublicKeys.verificationKey("it", publicKey);
        Set<String> algorithms = new TreeSet<>(fit.algorithms());
        Object alg = jwk.getValue("alg");
        if (alg != null) {
            if (!(alg instanceof String named) || !algorithms.contains(named)) {
                throw new IllegalArgumentException("its alg does not fit an " + fit.description());
            }
            algorithms.retainAll(Set.of(named));
        }
        if (!allowList.isEmpty()) {
            algorithms.retainAll(allowList);
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("none of its algorithms is in jwt_algorithms");
        }
        return new KeySource.VerificationKey(key, algorithms, fit.description());
    }

    /** A kid as the log may show it: printable ASCII, bounded. */
    static String shown(String kid) {
        String printable = kid.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > MAX_KID_SHOWN ? printable.substring(0, MAX_KID_SHOWN) + "..." : printable;
    }
}
