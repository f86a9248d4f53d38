package dev.herald.redis;

import dev.herald.broker.BrokerHealth;
import dev.herald.broker.LoopFanout;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's one reader of the shared log: follows the stream with blocking reads, from the exact
 * position it reached, and hands every update to every event loop through the {@link LoopFanout},
 * in log order. Updates published on this node reach its subscribers the same way, so every node
 * delivers the same sequence.
 *
 * <p>When Redis is unreachable the reader retries with backoff and resumes where it was. It tells
 * the event loops to drop their subscribers ({@link LoopFanout#interrupt}) when it can no longer
 * vouch for the sequence: the log restarted in a new epoch (flushed or replaced), went back to an
 * earlier sequence (restored from an older copy), or trimmed updates this node had not read yet.
 *
 * <p>Threading: runs on one Vert.x context; {@link #health} may be read from any thread.
 */
final class LogReader {
    private static final Logger LOG = Logger.getLogger(LogReader.class.getName());
    /** How long one read waits for new entries; an idle log is checked for a restart this often. */
    static final int BLOCK_MILLIS = 1_000;
    /** Most entries one read brings; a batch for the event loops holds as many. */
    static final int BATCH = 1_024;
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Above any time part of an entry id: "after sequence N" is "after N-<this>". */
    private static final String LAST_OF_SEQUENCE = "-18446744073709551615";

    private final Vertx vertx;
    private final Context context;
    private final RedisLink link;
    private final RedisEventLog log;
    private final String streamKey;
    private final LoopFanout fanout;
    private final LongConsumer lag;
    private LogPosition position;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private final Promise<Void> following = Promise.promise();
    private volatile String problem = "connecting to Redis";
    private volatile boolean closed;

    /** @param lag hears how many updates the reader is behind the log's head, each time it looks at the head */
    LogReader(Vertx vertx, RedisLink link, RedisEventLog log, String streamKey, LoopFanout fanout, LongConsumer lag) {
        this.lag = lag;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.link = link;
        this.log = log;
        this.streamKey = streamKey;
        this.fanout = fanout;
    }

    /** Starts following the log from its current head (retrying until Redis answers). */
    void start() {
        context.runOnContext(ignored -> resume());
    }

    /**
     * Completes once the reader knows where it starts. Until then no subscription may start: its
     * replay could end before that start, and what lies between would reach it neither way.
     */
    Future<Void> following() {
        return following.future();
    }

    /** Up while the reader follows the log; down, with the reason, while it cannot reach Redis. */
    BrokerHealth health() {
        String now = problem;
        if (closed) {
            return BrokerHealth.down("closed");
        }
        return now == null ? BrokerHealth.up("redis") : BrokerHealth.down(now);
    }

    void stop() {
        closed = true;
    }

    /** Finds where the log stands, then reads from where this node was (or from the head, the first time). */
    private void resume() {
        if (closed) {
            return;
        }
        log.head().onComplete(found -> {
            if (closed) {
                return;
            }
            if (found.failed()) {
                unreachable(found.cause());
                return;
            }
            LogPosition head = found.result();
            reportLag(head, position);
            if (position == null) {
                position = head;
            } else if (!head.sameEpoch(position) || head.sequence() < position.sequence()) {
                LOG.warning("the shared log restarted (Redis flushed, replaced or restored from an older copy):"
                        + " subscribers are asked to reconnect");
                fanout.interrupt();
                // Same epoch, fewer updates: what came after the head is gone; read what comes next.
                position = head.sameEpoch(position) ? head : new LogPosition(head.epoch(), 0);
            }
            reachable();
            read();
        });
    }

    private void read() {
        Request xread = Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK").arg(BLOCK_MILLIS)
                .arg("STREAMS").arg(streamKey).arg(position.sequence() + LAST_OF_SEQUENCE);
        link.send(xread, BLOCK_MILLIS).onComplete(reply -> {
            if (closed) {
                return;
            }
            if (reply.failed()) {
                unreachable(reply.cause());
            } else if (reply.result() == null) {
                // Nothing new for a while: make sure the log did not restart under an idle node.
                resume();
            } else {
                Response entries = reply.result().get(0).get(1);
                deliver(entries);
                if (entries.size() >= BATCH) {
                    // A full batch: more may wait; see how far behind the head this batch left the node.
                    LogPosition reached = position;
                    log.head().onSuccess(head -> reportLag(head, reached));
                }
                read();
            }
        });
    }

    /** How far {@code head} is ahead of {@code reached}, the position the reader had when it asked. */
    private void reportLag(LogPosition head, LogPosition reached) {
        lag.accept(reached == null || !head.sameEpoch(reached) ? 0 : Math.max(0, head.sequence() - reached.sequence()));
    }

    private void deliver(Response entries) {
        for (Response entry : entries) {
            EncodedUpdate update;
            try {
                update = StreamEntries.decode(entry);
            } catch (RuntimeException unreadable) {
                // Not written by Herald (or by an incompatible version): skip it, and say updates may be missing.
                LOG.log(Level.SEVERE, "an unreadable entry in the shared log, skipped: " + entry, unreadable);
                fanout.interrupt();
                position = new LogPosition(position.epoch(), StreamEntries.sequence(entry.get(0).toString()));
                continue;
            }
            if (update.position().epoch() != position.epoch()) {
                // A new life of the log whose sequences passed ours: start over from its beginning.
                LOG.warning("the shared log restarted (a new epoch): subscribers are asked to reconnect");
                fanout.interrupt();
                position = new LogPosition(update.position().epoch(), 0);
                return;
            }
            if (update.position().sequence() != position.sequence() + 1) {
                LOG.warning("the shared log trimmed updates this node had not read (history_size too small"
                        + " for how far it fell behind): subscribers are asked to reconnect");
                fanout.interrupt();
            }
            position = update.position();
            fanout.offer(update);
        }
    }

    private void reachable() {
        if (problem != null && position != null) {
            LOG.info("following the shared log in Redis from sequence " + position.sequence());
        }
        problem = null;
        backoffMillis = FIRST_BACKOFF_MILLIS;
        following.tryComplete();
    }

    private void unreachable(Throwable cause) {
        String reason = "Redis unreachable: " + cause.getMessage();
        if (problem == null) {
            LOG.warning(reason + "; publishing is refused until it is back, subscribers stay connected");
        }
        problem = reason;
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        vertx.setTimer(delay, timer -> context.runOnContext(ignored -> resume()));
    }
}
