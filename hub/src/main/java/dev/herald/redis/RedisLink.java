package dev.herald.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection to Redis, kept open and reopened after it fails: commands sent through it are
 * pipelined, in the order they are sent. A command sent while Redis is unreachable fails (after a
 * connection attempt bounded by the timeout) instead of waiting for Redis to come back.
 *
 * <p>Threading: {@link #send} may be called from any thread; its future completes on the caller's
 * context. The Vert.x Redis client does not see to that: a reply completes on the context that
 * opened the connection, which is whichever loop sent the first command through this link.
 */
final class RedisLink {
    private final Redis client;
    private final long timeoutMillis;
    private final Runnable onReconnect;
    private Future<RedisConnection> connection;
    private boolean lost;

    RedisLink(Redis client, Duration timeout) {
        this(client, timeout, () -> { });
    }

    /** @param onReconnect runs each time a connection is opened again after one was lost */
    RedisLink(Redis client, Duration timeout, Runnable onReconnect) {
        this.client = client;
        this.timeoutMillis = timeout.toMillis();
        this.onReconnect = onReconnect;
    }

    /** Sends {@code request}; fails when Redis does not answer within {@code extraMillis} plus the timeout. */
    Future<Response> send(Request request, long extraMillis) {
        Context caller = Vertx.currentContext();
        Future<RedisConnection> current = connection();
        Future<Response> reply = current.compose(open -> open.send(request))
                .timeout(timeoutMillis + extraMillis, TimeUnit.MILLISECONDS)
                .onFailure(failure -> {
                    // Redis did not answer in time: the connection may be half-open (a host gone
                    // silent never answers on it again), so the next command opens a fresh one.
                    if (failure instanceof java.util.concurrent.TimeoutException) {
                        drop(current);
                    }
                });
        return caller == null ? reply : on(caller, reply);
    }

    /**
     * {@code reply}, completed on {@code caller}. Without this hop a subscriber's history read
     * answered on another event loop than its own: the replay then handed the subscriber over to
     * live delivery ({@code Subscriber.goLive}) on that thread while its own loop dispatched live
     * updates to it, and an update buffered in that instant was never written. A long-poll that
     * lost one that way answered with the next, then waited after the last forever, silently.
     */
    private static <T> Future<T> on(Context caller, Future<T> reply) {
        // A promise with no context of its own: its listeners run where it is completed, on the caller.
        Promise<T> answer = Promise.promise();
        reply.onComplete(done -> {
            if (Vertx.currentContext() == caller) {
                answer.handle(done);
            } else {
                caller.runOnContext(ignored -> answer.handle(done));
            }
        });
        return answer.future();
    }

    Future<Response> send(Request request) {
        return send(request, 0);
    }

    private synchronized Future<RedisConnection> connection() {
        if (connection == null) {
            if (lost) {
                lost = false;
                onReconnect.run();
            }
            Future<RedisConnection> connecting = client.connect();
            Future<RedisConnection> opening = connecting.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
            connection = opening;
            // A connection that opens after its attempt timed out is nobody's: close it.
            connecting.onSuccess(late -> opening.onFailure(ignored -> discard(late)));
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
            lost = true;
        }
        failed.onSuccess(RedisLink::discard);
    }

    /**
     * Closes the socket itself. Closing a pooled connection would return it to the client's pool,
     * where a connection that may be half-open (a command timed out) or is stuck in a blocking
     * read must not go; the Vert.x client offers no public way to evict it. (A Sentinel
     * connection wraps its pooled one out of reach, so it is closed the ordinary way.)
     */
    private static void discard(RedisConnection connection) {
        if (connection instanceof PooledRedisConnection pooled) {
            pooled.actual().forceClose();
        } else {
            connection.close();
        }
    }

    /** Closes the connection, if one is open. */
    Future<Void> close() {
        Future<RedisConnection> current;
        synchronized (this) {
            current = connection;
            connection = null;
        }
        if (current != null) {
            current.onSuccess(RedisLink::discard);
        }
        return Future.succeededFuture();
    }
}
