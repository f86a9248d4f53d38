package dev.herald.loadtest.cli;

import dev.herald.loadtest.scenario.ScenarioKind;
import dev.herald.loadtest.target.TargetKind;
import dev.herald.loadtest.target.TransportKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one run of the load tester needs. Each field is documented in {@code help.txt},
 * which is what {@code --help} prints; defaults live in {@link OptionsParser}.
 */
public record Options(
        TargetKind target,
        URI url,
        URI publishUrl,
        List<URI> subscribeUrls,
        TransportKind transport,
        ScenarioKind scenario,
        int subscribers,
        int topics,
        int topicsPerSubscriber,
        double connectRate,
        Duration connectTimeout,
        int publishers,
        int publishConnections,
        double rate,
        double rampFactor,
        double maxRate,
        int maxSteps,
        Duration stepDuration,
        int payloadBytes,
        Duration p99Limit,
        Duration p99Stop,
        Duration settle,
        int stages,
        Duration warmup,
        Duration drain,
        Duration duration,
        double churnRate,
        int catchUpEvents,
        List<Integer> serverPids,
        boolean jvmGcBeforeSample,
        List<String> sourceAddresses,
        int eventLoops,
        String jwtKey,
        String jwt,
        String topicPrefix,
        String label,
        String build,
        int repeat,
        Path json,
        boolean quiet,
        String blasterCpus) {

    public String topicName(int index) {
        return topicPrefix + index;
    }

    /** The node subscriber {@code index} connects to: subscribers go round robin over {@link #subscribeUrls}. */
    public int nodeOf(int index) {
        return Math.floorMod(index, subscribeUrls.size());
    }
}
