package dev.herald.redis;

import dev.herald.broker.LocalSubscriptionDirectory;
import dev.herald.broker.SubscriptionDirectory;
import dev.herald.config.RedisSettings;
import dev.herald.core.ActiveSubscription;
import dev.herald.core.MatcherType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The active subscriptions of a cluster. Each node keeps its own in a hash
 * ({@code {<p>}:subscriptions:<node>}, field {@link ActiveSubscription#key()}) and proves it is alive
 * with a key it refreshes every {@link #REFRESH} ({@code {<p>}:node:<node>}, expiring after
 * {@link #LIVENESS}); {@code {<p>}:nodes} names the nodes. A listing reads the hash of every live
 * node, so a node that died without saying so drops out of it once its liveness key expires.
 * Every node looks for such nodes when it refreshes its own liveness; the first to find one takes
 * its hash ({@code RENAME}, which only one node can win) and hands its subscriptions to
 * {@code onOrphaned}, which announces their end. A hash nobody takes expires {@link #ORPHAN_TTL}
 * after its node's last refresh, and {@code {<p>}:nodes} that long after the last refresh of any node. A node whose liveness key was gone when it refreshed it (Redis
 * lost its data, or the node was frozen past its liveness) writes its subscriptions again from its
 * own copy and hands them to {@code onRestored}, which announces them active again: another node
 * may have announced their end meanwhile.
 *
 * <p>Threading: safe from any event loop; writes are pipelined on one connection of its own.
 */
public final class RedisSubscriptionDirectory implements SubscriptionDirectory {
    private static final Logger LOG = Logger.getLogger(RedisSubscriptionDirectory.class.getName());
    /** How long a node that stopped refreshing still counts as alive. */
    static final Duration LIVENESS = Duration.ofSeconds(10);
    /** How often a node refreshes its liveness: three chances before it lapses. */
    static final Duration REFRESH = Duration.ofSeconds(3);
    /** How long the hash of a node that stopped refreshing waits for another node to take it. */
    static final Duration ORPHAN_TTL = Duration.ofSeconds(60);
    /** Hash fields read per round trip of a listing. */
    private static final int SCAN_COUNT = 1_000;

    private final Vertx vertx;
    private final Redis client;
    private final RedisLink link;
    private final String nodesKey;
    private final String tag;
    private final String node = UUID.randomUUID().toString();
    private final LocalSubscriptionDirectory mine = new LocalSubscriptionDirectory();
    private final Consumer<List<ActiveSubscription>> onOrphaned;
    private final Consumer<List<ActiveSubscription>> onRestored;
    /** Whether a refresh has set the liveness key: once it has, finding it gone means it lapsed. */
    private volatile boolean wasAlive;
    private final long timer;
    /** Once closed, subscribers that end with the node change nothing: its hash is already gone. */
    private volatile boolean closed;

    /**
     * @param onOrphaned receives the subscriptions of a node that died, once, on one node
     * @param onRestored receives this node's subscriptions when its liveness lapsed and it wrote them again
     */
    public RedisSubscriptionDirectory(Vertx vertx, RedisSettings settings,
                                      Consumer<List<ActiveSubscription>> onOrphaned,
                                      Consumer<List<ActiveSubscription>> onRestored) {
        this.vertx = vertx;
        this.onOrphaned = onOrphaned;
        this.onRestored = onRestored;
        this.client = RedisClients.create(vertx, settings);
        this.link = new RedisLink(client, settings.timeout());
        this.tag = "{" + settings.keyPrefix() + "}";
        this.nodesKey = tag + ":nodes";
        refresh();
        this.timer = vertx.setPeriodic(REFRESH.toMillis(), ignored -> {
            refresh();
            sweep();
        });
    }

    private String hashKey(String nodeId) {
        return tag + ":subscriptions:" + nodeId;
    }

    private String livenessKey(String nodeId) {
        return tag + ":node:" + nodeId;
    }

    @Override
    public synchronized void add(List<ActiveSubscription> started) {
        if (closed) {
            return;
        }
        mine.add(started);
        write(started);
    }

    @Override
    public synchronized void remove(List<ActiveSubscription> ended) {
        if (closed) {
            return;
        }
        mine.remove(ended);
        Request hdel = Request.cmd(Command.HDEL).arg(hashKey(node));
        ended.forEach(subscription -> hdel.arg(subscription.key()));
        send(hdel);
    }

    private void write(List<ActiveSubscription> subscriptions) {
        if (subscriptions.isEmpty() || closed) {
            return;
        }
        Request hset = Request.cmd(Command.HSET).arg(hashKey(node));
        for (ActiveSubscription subscription : subscriptions) {
            hset.arg(subscription.key()).arg(encode(subscription));
        }
        send(hset);
        // A node that dies leaves nothing behind for long.
        send(Request.cmd(Command.PEXPIRE).arg(hashKey(node)).arg(ORPHAN_TTL.toMillis()));
    }

    /** Renews this node's liveness; writes its subscriptions again when Redis no longer had it. */
    private void refresh() {
        if (closed) {
            return;
        }
        link.send(Request.cmd(Command.SET).arg(livenessKey(node)).arg("1").arg("PX").arg(LIVENESS.toMillis()).arg("GET"))
                .onSuccess(previous -> {
                    boolean lapsed = previous == null && wasAlive;
                    wasAlive = true;
                    if (previous == null) {
                        List<ActiveSubscription> restored;
                        synchronized (this) {
                            restored = mine.all();
                            write(restored);
                        }
                        if (lapsed && !restored.isEmpty() && !closed) {
                            onRestored.accept(restored);
                        }
                    }
                })
                .onFailure(failure -> LOG.log(Level.FINE, "could not renew this node's liveness", failure));
        send(Request.cmd(Command.SADD).arg(nodesKey).arg(node));
        // Outlives every hash it names (each expires ORPHAN_TTL after its node's last refresh, all
        // earlier than this one), and goes with them once no node is left to sweep it.
        send(Request.cmd(Command.PEXPIRE).arg(nodesKey).arg(ORPHAN_TTL.toMillis()));
        send(Request.cmd(Command.PEXPIRE).arg(hashKey(node)).arg(ORPHAN_TTL.toMillis()));
    }

    /** Takes the subscriptions of every node whose liveness lapsed, and hands them to {@code onOrphaned}. */
    private void sweep() {
        if (closed) {
            return;
        }
        link.send(Request.cmd(Command.SMEMBERS).arg(nodesKey)).onSuccess(nodes -> {
            for (Response member : nodes) {
                String nodeId = member.toString();
                if (!nodeId.equals(node)) {
                    link.send(Request.cmd(Command.EXISTS).arg(livenessKey(nodeId))).onSuccess(exists -> {
                        if (exists.toInteger() == 0) {
                            takeOrphans(nodeId);
                        }
                    });
                }
            }
        });
    }

    private void takeOrphans(String deadNode) {
        String taken = tag + ":orphans:" + node + ":" + deadNode;
        send(Request.cmd(Command.SREM).arg(nodesKey).arg(deadNode));
        // Fails when another node took the hash first, or when it expired: nothing to announce then.
        link.send(Request.cmd(Command.RENAME).arg(hashKey(deadNode)).arg(taken))
                .compose(renamed -> link.send(Request.cmd(Command.HGETALL).arg(taken)))
                .onSuccess(entries -> {
                    send(Request.cmd(Command.DEL).arg(taken));
                    List<ActiveSubscription> orphans = new ArrayList<>();
                    for (int i = 1; i < entries.size(); i += 2) {
                        ActiveSubscription subscription = decode(entries.get(i).toString());
                        if (subscription != null) {
                            orphans.add(subscription);
                        }
                    }
                    if (!orphans.isEmpty()) {
                        onOrphaned.accept(orphans);
                    }
                });
    }

    private void send(Request request) {
        if (closed) {
            return;
        }
        link.send(request).onFailure(failure -> LOG.log(Level.FINE, "active subscriptions not written to Redis", failure));
    }

    @Override
    public Future<List<ActiveSubscription>> list(Query query, int limit) {
        if (closed) {
            return Future.failedFuture("the node is stopping");
        }
        String pattern = (query.matchType() == null ? "*" : query.matchType().wireName())
                + "/" + (query.match() == null ? "*" : ActiveSubscription.expand(query.match()))
                + "/" + (query.subscriber() == null ? "*" : ActiveSubscription.expand(query.subscriber()));
        List<ActiveSubscription> found = new ArrayList<>();
        return link.send(Request.cmd(Command.SMEMBERS).arg(nodesKey)).compose(nodes -> {
            Future<Void> chain = Future.succeededFuture();
            for (Response member : nodes) {
                String nodeId = member.toString();
                chain = chain.compose(ignored -> found.size() >= limit ? Future.succeededFuture()
                        : readNode(nodeId, pattern, query, limit, found));
            }
            return chain;
        }).map(ignored -> found);
    }

    /** Adds what a live node holds to {@code found}; a node whose liveness lapsed holds nothing. */
    private Future<Void> readNode(String nodeId, String pattern, Query query, int limit, List<ActiveSubscription> found) {
        return link.send(Request.cmd(Command.EXISTS).arg(livenessKey(nodeId))).compose(exists -> {
            if (exists.toInteger() == 0) {
                return Future.succeededFuture();
            }
            return scan(hashKey(nodeId), "0", pattern, query, limit, found);
        });
    }

    private Future<Void> scan(String key, String cursor, String pattern, Query query, int limit,
                              List<ActiveSubscription> found) {
        Request hscan = Request.cmd(Command.HSCAN).arg(key).arg(cursor).arg("MATCH").arg(pattern)
                .arg("COUNT").arg(SCAN_COUNT);
        return link.send(hscan).compose(reply -> {
            Response entries = reply.get(1);
            for (int i = 1; i < entries.size() && found.size() < limit; i += 2) {
                ActiveSubscription subscription = decode(entries.get(i).toString());
                if (subscription != null && query.selects(subscription)) {
                    found.add(subscription);
                }
            }
            String next = reply.get(0).toString();
            return "0".equals(next) || found.size() >= limit ? Future.succeededFuture()
                    : scan(key, next, pattern, query, limit, found);
        });
    }

    private static String encode(ActiveSubscription subscription) {
        return new JsonObject().put("s", subscription.subscriber()).put("t", subscription.matchType().wireName())
                .put("m", subscription.match()).put("p", subscription.payloadJson()).encode();
    }

    /** The subscription a field holds, or null for one this version cannot read (written by a newer one). */
    private static ActiveSubscription decode(String value) {
        try {
            JsonObject json = new JsonObject(value);
            MatcherType type = MatcherType.fromWireName(json.getString("t"));
            return type == null ? null : new ActiveSubscription(json.getString("s"), type, json.getString("m"),
                    json.getString("p"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Takes this node's subscriptions out of the list at once, then stops. */
    @Override
    public Future<Void> close() {
        synchronized (this) {
            closed = true;
        }
        vertx.cancelTimer(timer);
        return Future.join(
                        link.send(Request.cmd(Command.DEL).arg(hashKey(node)).arg(livenessKey(node))),
                        link.send(Request.cmd(Command.SREM).arg(nodesKey).arg(node)))
                .transform(ignored -> link.close())
                .transform(ignored -> client.close());
    }
}
