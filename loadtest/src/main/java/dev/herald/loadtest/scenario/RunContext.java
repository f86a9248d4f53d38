package dev.herald.loadtest.scenario;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.measure.DeliveryStats;
import dev.herald.loadtest.measure.GeneratorThreads;
import dev.herald.loadtest.measure.Payload;
import dev.herald.loadtest.measure.ProcessSampler;
import dev.herald.loadtest.measure.PublishLedger;
import dev.herald.loadtest.measure.SubscriberProbe;
import dev.herald.loadtest.target.Connections;
import dev.herald.loadtest.target.Target;
import dev.herald.loadtest.target.Targets;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** What every scenario of one run shares: options, clients, the target, the counters and the samplers. */
public final class RunContext {

    public final Options options;
    /** Timers and scenario tasks. */
    public final Vertx vertx;
    /** The publish loop's own Vert.x instance: one event loop, apart from the subscribers'. */
    public final Vertx publishing;
    /** Subscribers only: their own event loops, never the publishing ones. */
    public final Vertx receiving;
    public final Connections connections;
    public final Target target;
    public final DeliveryStats stats = new DeliveryStats();
    /** One part of {@link #stats} per subscribe node, when there are several; empty otherwise. */
    public final List<DeliveryStats> nodeStats;
    public final PublishLedger ledger;
    public final Payload payload;
    public final PublishLoop publishLoop;
    public final ProcessSampler server;
    public final ProcessSampler generator = ProcessSampler.self();
    public final GeneratorThreads generatorThreads;
    private final PrintStream progress;

    public RunContext(Options options, Vertx vertx, Vertx publishing, Vertx receiving, PrintStream progress) {
        this.options = options;
        this.vertx = vertx;
        this.publishing = publishing;
        this.receiving = receiving;
        this.progress = progress;
        this.connections = new Connections(receiving, publishing, options.subscribeUrls(), options.publishUrl(),
                options.sourceAddresses(), options.connectTimeout().toMillis());
        int nodes = options.subscribeUrls().size();
        this.nodeStats = nodes == 1 ? List.of() : IntStream.range(0, nodes).mapToObj(i -> stats.part()).toList();
        this.target = Targets.create(options, connections);
        this.ledger = new PublishLedger(options.topics(), options.publishers());
        this.payload = new Payload(options.payloadBytes());
        this.publishLoop = new PublishLoop(publishing, connections, target, ledger, payload,
                options.topics(), options.publishConnections(), options::topicName);
        this.server = new ProcessSampler(options.serverPids());
        this.generatorThreads = GeneratorThreads.of(receiving, options.eventLoops(), publishing, 1);
    }

    /** Progress lines go to stderr so that stdout holds only the report. */
    public void log(String format, Object... arguments) {
        if (!options.quiet()) {
            progress.printf(format + "%n", arguments);
        }
    }

    /** The counters subscribers on {@code node} record into. */
    public DeliveryStats statsOf(int node) {
        return nodeStats.isEmpty() ? stats : nodeStats.get(node);
    }

    /** A subscriber that checks every stream of its topics from the start, on its round-robin node. */
    public SubscriberProbe trackingProbe(int index) {
        int node = options.nodeOf(index);
        return SubscriberProbe.tracking(node, topicsOf(index), ledger, payload, statsOf(node), Map.of());
    }

    /** The topics subscriber {@code index} listens to: consecutive topics, wrapping around. */
    public int[] topicsOf(int index) {
        int[] topics = new int[options.topicsPerSubscriber()];
        for (int j = 0; j < topics.length; j++) {
            topics[j] = (int) (((long) index * topics.length + j) % options.topics());
        }
        return topics;
    }
}
