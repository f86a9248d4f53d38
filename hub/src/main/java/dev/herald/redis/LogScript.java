package dev.herald.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Lua script that is the log's only way in and out ({@code log.lua}, beside this class): each
 * operation runs atomically in Redis. Sent by its digest; a Redis that does not know it yet (new,
 * restarted, or its script cache flushed) gets the text once.
 */
final class LogScript {
    private static final String TEXT = load();
    private static final String DIGEST = sha1(TEXT);

    private final List<String> keys;

    /** @param prefix the hub's key prefix; the keys share one hash tag, so a Redis Cluster keeps them on one node */
    LogScript(String prefix) {
        String tag = "{" + prefix + "}";
        this.keys = List.of(tag + ":log", tag + ":ids", tag + ":meta");
    }

    /** The keys the log uses: the stream, the id index, the meta hash. */
    List<String> keys() {
        return keys;
    }

    String streamKey() {
        return keys.get(0);
    }

    /** Runs {@code operation} with {@code args} (after the operation and the fresh epoch) through {@code link}. */
    Future<Response> run(RedisLink link, long freshEpoch, String operation, Object... args) {
        return link.send(request(Command.EVALSHA, DIGEST, freshEpoch, operation, args)).recover(failure -> {
            if (failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")) {
                return link.send(request(Command.EVAL, TEXT, freshEpoch, operation, args));
            }
            return Future.failedFuture(failure);
        });
    }

    private Request request(Command command, String script, long freshEpoch, String operation, Object[] args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        for (String key : keys) {
            request.arg(key);
        }
        request.arg(operation).arg(freshEpoch);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return request;
    }

    private static String load() {
        try (InputStream in = LogScript.class.getResourceAsStream("log.lua")) {
            if (in == null) {
                throw new IllegalStateException("log.lua is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read log.lua", e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
