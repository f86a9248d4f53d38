package dev.herald.server;

import dev.herald.auth.JwksKeySet;
import dev.herald.auth.SubscriberAuth;
import dev.herald.auth.TokenVerifier;
import dev.herald.broker.Broker;
import dev.herald.config.HeraldConfig;
import dev.herald.http.ClientAddress;
import dev.herald.http.ConnectionGate;
import dev.herald.http.RateLimiter;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.MetricsRegistry;
import dev.herald.subscription.SelectorBudget;

import java.util.List;

/**
 * The parts every event loop shares, built once by {@link HeraldServer}; only the wiring in this
 * package sees them whole, and each handler gets the few it needs.
 */
record HubServices(HeraldConfig config, Broker broker, TokenVerifier publisherVerifier,
                   SubscriberAuth subscriberAuth, List<JwksKeySet> keySets, ConnectionGate gate, ClientAddress clientAddress,
                   RateLimiter publishLimiter, SelectorBudget selectorBudget, String version, LoopWatch loops,
                   Drain drain, MetricsRegistry metricsRegistry, HubMetrics metrics) {
}
