package dev.herald.loadtest;

import dev.herald.loadtest.cli.Durations;
import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.scenario.RunContext;
import dev.herald.loadtest.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Runs one scenario against one target and returns the whole report as JSON. */
public final class LoadRun {

    private LoadRun() {
    }

    public static JsonObject execute(Options options, PrintStream progress) {
        Vertx vertx = Vertx.vertx(vertxOptions(options.eventLoops()));
        // Publishing keeps its schedule on a loop of its own, and subscribers read on loops of their
        // own: a busy receive side never delays a publish, and each side's CPU can be told apart.
        Vertx publishing = Vertx.vertx(vertxOptions(1));
        Vertx receiving = Vertx.vertx(vertxOptions(options.eventLoops()));
        Instant started = Instant.now();
        RunContext run = new RunContext(options, vertx, publishing, receiving, progress);
        try {
            JsonObject result = Scenario.of(options.scenario()).run(run);
            return header(options, started).put("nativeTransport", vertx.isNativeTransportEnabled()).mergeIn(result);
        } finally {
            try {
                run.connections.close().await(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Closing is best effort: the process is about to end.
            }
            vertx.close();
            publishing.close();
            receiving.close();
        }
    }

    private static VertxOptions vertxOptions(int eventLoops) {
        return new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setPreferNativeTransport(!Boolean.getBoolean("loadtest.nio"))
                // Scenario threads block on purpose; event loops never do, so keep the checker quiet.
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS);
    }

    private static JsonObject header(Options options, Instant started) {
        return new JsonObject()
                .put("tool", "herald-loadtest")
                .put("version", LoadRun.class.getPackage().getImplementationVersion())
                .put("startedAt", started.toString())
                .put("label", options.label())
                .put("target", options.target().wireName())
                .put("url", options.url().toString())
                .put("publishUrl", options.publishUrl().toString())
                .put("subscribeUrls", new JsonArray(options.subscribeUrls().stream().map(Object::toString).toList()))
                .put("transport", options.transport().wireName())
                .put("scenario", options.scenario().wireName())
                .put("config", new JsonObject()
                        .put("subscribers", options.subscribers())
                        .put("topics", options.topics())
                        .put("topicsPerSubscriber", options.topicsPerSubscriber())
                        .put("connectRate", options.connectRate())
                        .put("publishers", options.publishers())
                        .put("publishConnections", Math.min(options.publishConnections(), options.publishers() * options.topics()))
                        .put("rate", options.rate())
                        .put("rampFactor", options.rampFactor())
                        .put("maxSteps", options.maxSteps())
                        .put("stepDuration", Durations.format(options.stepDuration()))
                        .put("payloadBytes", options.payloadBytes())
                        .put("p99LimitMs", options.p99Limit().toMillis())
                        .put("churnRate", options.churnRate())
                        .put("duration", Durations.format(options.duration()))
                        .put("catchUpEvents", options.catchUpEvents())
                        .put("generatorEventLoops", options.eventLoops())
                        .put("sourceAddresses", String.join(",", options.sourceAddresses()))
                        .put("serverPids", options.serverPids().toString()));
    }
}
