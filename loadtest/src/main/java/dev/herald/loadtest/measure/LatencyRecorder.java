package dev.herald.loadtest.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A delay in microseconds: scheduled-publish-to-receive latency, or a publish's lag behind its schedule. Recording is wait-free from any thread;
 * {@link #interval()} hands back everything recorded since the previous call.
 */
public final class LatencyRecorder {

    /** One hour: anything slower is clamped, and is a failed run anyway. */
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);

    public void record(long micros) {
        recorder.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
    }

    public Histogram interval() {
        return recorder.getIntervalHistogram();
    }
}
