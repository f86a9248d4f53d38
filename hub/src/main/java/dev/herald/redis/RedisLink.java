package dev.herald.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection to Redis, kept open and reopened after it fails: commands sent through it are
 * pipelined, in the order they are sent. A command sent while Redis is unreachable fails (after a
 * connection attempt bounded by the timeout) instead of waiting for Redis to come back.
 *
 * <p>Threading: {@link #send} may be called from any thread; its future completes on the caller's
 * context (the Vert.x Redis client's promise is bound to it).
 */
final class RedisLink {
    private final Redis client;
    private final long timeoutMillis;
    private Future<RedisConnection> connection;

    RedisLink(Redis client, Duration timeout) {
        this.client = client;
        this.timeoutMillis = timeout.toMillis();
    }

    /** Sends {@code request}; fails when Redis does not answer within {@code extraMillis} plus the timeout. */
    Future<Response> send(Request request, long extraMillis) {
        Future<RedisConnection> current = connection();
        return current.compose(open -> open.send(request))
                .timeout(timeoutMillis + extraMillis, TimeUnit.MILLISECONDS)
                .onFailure(failure -> {
                    // A command that timed out leaves the connection's replies out of step with
                    // its commands; only a fresh connection can be trusted again.
                    if (failure instanceof java.util.concurrent.TimeoutException) {
                        drop(current);
                    }
                });
    }

    Future<Response> send(Request request) {
        return send(request, 0);
    }

    private synchronized Future<RedisConnection> connection() {
        if (connection == null) {
            Future<RedisConnection> opening = client.connect().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
            connection = opening;
            opening.onSuccess(open -> {
                open.exceptionHandler(failure -> drop(opening));
                open.endHandler(ended -> drop(opening));
            });
            opening.onFailure(failure -> drop(opening));
        }
        return connection;
    }

    /** Forgets {@code failed} (if it is still the current connection) and closes it; the next command reconnects. */
    private void drop(Future<RedisConnection> failed) {
        synchronized (this) {
            if (connection != failed) {
                return;
            }
            connection = null;
        }
        failed.onSuccess(RedisConnection::close);
    }

    /** Closes the connection, if one is open. */
    Future<Void> close() {
        Future<RedisConnection> current;
        synchronized (this) {
            current = connection;
            connection = null;
        }
        return current == null ? Future.succeededFuture()
                : current.transform(opened -> opened.succeeded() ? opened.result().close() : Future.succeededFuture());
    }
}
