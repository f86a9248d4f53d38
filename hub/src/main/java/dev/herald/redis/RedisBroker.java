package dev.herald.redis;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerHealth;
import dev.herald.broker.LoopFanout;
import dev.herald.broker.UpdateListener;
import dev.herald.config.HistorySettings;
import dev.herald.config.RedisSettings;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.UpdateDraft;
import dev.herald.history.EventLog;
import dev.herald.metrics.HubMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster broker: every node appends to one log in Redis and follows it with its own
 * {@link LogReader}, so a publish accepted by any node reaches the subscribers of every node, in
 * the same order everywhere. A publish completes once Redis stored the update, and fails (the
 * publisher gets 503) when Redis does not answer within {@code redis_timeout}.
 */
public final class RedisBroker implements Broker {
    private final Redis client;
    private final RedisLink commands;
    private final RedisLink reads;
    private final RedisEventLog log;
    private final LoopFanout fanout = new LoopFanout();
    private final LogReader reader;
    private final Vertx vertx;
    private final long lengthTimer;
    private volatile boolean closed;
    /** How often the retained-updates gauge is refreshed from Redis. */
    private static final long HISTORY_LENGTH_PERIOD_MILLIS = 5_000;

    public RedisBroker(Vertx vertx, RedisSettings settings, HistorySettings history, HubMetrics metrics) {
        this.vertx = vertx;
        this.client = RedisClients.create(vertx, settings);
        // Publishes and history reads are pipelined on one connection; the blocking reads of the
        // reader would hold up anything sent behind them, so they get their own.
        this.commands = new RedisLink(client, settings.timeout(), metrics::redisReconnected);
        this.reads = new RedisLink(client, settings.timeout(), metrics::redisReconnected);
        LogScript script = new LogScript(settings.keyPrefix());
        this.log = new RedisEventLog(commands, script, history.size(), history.maxAge(), metrics::redisRoundTrip);
        this.reader = new LogReader(vertx, reads, log, script.streamKey(), fanout, metrics::redisReaderLag);
        reader.start();
        // A scrape reads the last length seen: it must not wait for Redis.
        AtomicLong length = new AtomicLong();
        metrics.historyUpdates(length::get);
        this.lengthTimer = vertx.setPeriodic(1, HISTORY_LENGTH_PERIOD_MILLIS,
                timer -> log.length(script.streamKey()).onSuccess(length::set));
    }

    @Override
    public Future<EncodedUpdate> publish(UpdateDraft draft) {
        if (closed) {
            return Future.failedFuture("the broker is closed");
        }
        return log.append(draft);
    }

    @Override
    public void onUpdates(Context context, UpdateListener listener) {
        fanout.register(context, listener);
    }

    /** Completes once this node follows the log (Redis answered); it is ready from then on while Redis answers. */
    @Override
    public Future<Void> ready() {
        return reader.following();
    }

    @Override
    public EventLog log() {
        return log;
    }

    @Override
    public BrokerHealth health() {
        return reader.health();
    }

    @Override
    public Future<Void> close() {
        closed = true;
        vertx.cancelTimer(lengthTimer);
        reader.stop();
        fanout.clear();
        return Future.join(commands.close(), reads.close()).transform(ignored -> client.close());
    }
}
