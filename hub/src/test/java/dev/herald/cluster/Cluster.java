package dev.herald.cluster;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Herald nodes in this JVM, each with its own Vert.x, sharing one real redis-server: anonymous
 * subscribers allowed, plus the given flags. {@link #start} returns once every node is ready.
 */
final class Cluster implements AutoCloseable {
    private final RedisServer redis;
    private final List<TestHub> nodes = new ArrayList<>();

    private Cluster(RedisServer redis) {
        this.redis = redis;
    }

    static Cluster start(int size, String... flags) {
        Cluster cluster = new Cluster(RedisServer.launch());
        try {
            List<String> args = new ArrayList<>(List.of("--anonymous", "--redis-url", cluster.redis.url()));
            args.addAll(List.of(flags));
            for (int i = 0; i < size; i++) {
                cluster.nodes.add(TestHub.start(args.toArray(String[]::new)));
            }
            for (TestHub node : cluster.nodes) {
                awaitReady(node.baseUrl());
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Waits until the node at {@code baseUrl} answers {@code /readyz} with 200: it follows the
     * shared log, as a load balancer would wait before sending it clients.
     */
    static void awaitReady(String baseUrl) {
        Await.until(baseUrl + "/readyz answers 200", Duration.ofSeconds(10),
                () -> Http.get(baseUrl + "/readyz").status() == 200);
    }

    RedisServer redis() {
        return redis;
    }

    TestHub node(int index) {
        return nodes.get(index);
    }

    List<TestHub> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() {
        try {
            for (TestHub node : nodes) {
                node.close();
            }
        } finally {
            redis.close();
        }
    }
}
