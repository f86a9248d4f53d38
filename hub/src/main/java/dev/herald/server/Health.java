package dev.herald.server;

import dev.herald.auth.JwksKeySet;
import dev.herald.broker.Broker;
import dev.herald.broker.BrokerHealth;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The probes, cheap and without authentication, each answering JSON that names its checks:
 * <ul>
 *   <li>{@code /healthz} (liveness): 200 while every event loop runs its tasks. A Redis outage
 *       does not fail it: restarting a node does not bring Redis back.</li>
 *   <li>{@code /readyz} (readiness): 200 while the node listens, its broker can take publishes and
 *       it is not draining, and every JWK Set of verification keys has been fetched once (a later
 *       failed fetch keeps the keys, so it does not count); else 503, and a load balancer stops
 *       sending it clients.</li>
 * </ul>
 */
final class Health {
    private Health() {
    }

    static Handler<RoutingContext> liveness(LoopWatch loops) {
        return context -> {
            int blocked = loops.blocked(System.nanoTime());
            String eventLoops = blocked == 0 ? "ok" : blocked + " of " + loops.size()
                    + " blocked for more than " + LoopWatch.BLOCKED_AFTER.toSeconds() + " s";
            answer(context, blocked == 0, blocked == 0 ? "ok" : "failing", new JsonObject().put("event_loops", eventLoops));
        };
    }

    static Handler<RoutingContext> readiness(Broker broker, Drain drain, List<JwksKeySet> keySets) {
        return context -> {
            BrokerHealth health = broker.health();
            boolean draining = drain.draining();
            JsonObject checks = new JsonObject()
                    .put("listening", draining ? "closed" : "ok")
                    .put("broker", health.up() ? "ok" : health.detail())
                    .put("draining", draining ? "yes" : "no");
            List<String> missingKeys = keySets.stream().filter(keySet -> !keySet.fetched()).map(JwksKeySet::option).toList();
            if (!keySets.isEmpty()) {
                checks.put("jwks", missingKeys.isEmpty() ? "ok" : "not fetched yet: " + String.join(", ", missingKeys));
            }
            boolean ready = health.up() && !draining && missingKeys.isEmpty();
            answer(context, ready, ready ? "ready" : "not_ready", checks);
        };
    }

    private static void answer(RoutingContext context, boolean passing, String status, JsonObject checks) {
        context.response().setStatusCode(passing ? 200 : 503)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("status", status).put("checks", checks).encode());
    }
}
