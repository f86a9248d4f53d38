package dev.herald.loadtest.scenario;

import io.vertx.core.json.JsonObject;

/**
 * Chooses the ramp's rates. It multiplies the rate by the ramp factor until a step fails, then
 * halves the interval between the highest passing and the lowest failing rate until that
 * interval is within {@link #RESOLUTION} of the passing rate, or {@link #MAX_BISECTIONS} extra
 * steps are spent. Doubling alone knows each figure only within a factor of two. A search can
 * also start from a bracket another search found ({@link #between}): the latency bound's.
 */
final class RateSearch {

    /** The bisection stops once (failing − passing) / passing is at most this. */
    static final double RESOLUTION = 0.05;
    /** Enough to narrow a factor of 4 down to 5 %: each step halves the interval. */
    static final int MAX_BISECTIONS = 7;

    private final double factor;
    private final double maxRate;
    private final int maxSteps;
    private double next;
    private double passing = Double.NaN;
    private double failing = Double.NaN;
    private int rampSteps;
    private int bisections;
    private String stop;

    RateSearch(double first, double factor, double maxRate, int maxSteps) {
        this.next = first;
        this.factor = factor;
        this.maxRate = maxRate;
        this.maxSteps = maxSteps;
        if (first > maxRate) {
            stop = "first rate above --max-rate";
        }
    }

    /**
     * A bisection of a bracket already known: {@code passing} met the criterion, {@code failing}
     * (above it) did not. No step is needed if the bracket is already within the resolution.
     */
    static RateSearch between(double passing, double failing) {
        RateSearch search = new RateSearch(passing, 2, Double.MAX_VALUE, 0);
        search.passing = passing;
        search.failing = failing;
        search.next = (passing + failing) / 2;
        if (search.interval() <= RESOLUTION) {
            search.stop = "resolution reached";
        }
        return search;
    }

    /** Whether another step is to run at {@link #next()}. */
    boolean more() {
        return stop == null;
    }

    double next() {
        return next;
    }

    /** Whether the next step lies between a passing and a failing rate. */
    boolean bisecting() {
        return !Double.isNaN(failing);
    }

    /**
     * Takes a step's verdict. A step whose failure says nothing about the rate (a wrong delivery,
     * a backlog that never drained) ends the search: {@code end} says why, else it is null.
     */
    void record(double rate, boolean passed, String end) {
        if (bisecting()) {
            bisections++;
        } else {
            rampSteps++;
        }
        if (passed) {
            passing = Double.isNaN(passing) ? rate : Math.max(passing, rate);
        } else {
            failing = Double.isNaN(failing) ? rate : Math.min(failing, rate);
        }
        if (end != null) {
            stop = end;
        } else if (!bisecting()) {
            next = rate * factor;
            if (factor <= 1) {
                stop = "single step (no ramp)";
            } else if (next > maxRate) {
                stop = "top of the ramp passed (--max-rate)";
            } else if (rampSteps >= maxSteps) {
                stop = "top of the ramp passed (--max-steps)";
            }
        } else if (Double.isNaN(passing)) {
            stop = "the first step failed";
        } else if (interval() <= RESOLUTION) {
            stop = "resolution reached";
        } else if (bisections >= MAX_BISECTIONS) {
            stop = "bisection steps used up";
        } else {
            next = (passing + failing) / 2;
        }
    }

    /** (failing − passing) / passing; infinite while either is unknown. */
    double interval() {
        return Double.isNaN(passing) || Double.isNaN(failing) ? Double.POSITIVE_INFINITY : (failing - passing) / passing;
    }

    /** The search's outcome: the bracket, how wide it is, how many steps bisected it, and why it ended. */
    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("highestPassingRate", Double.isNaN(passing) ? null : passing)
                .put("lowestFailingRate", Double.isNaN(failing) ? null : failing)
                .put("bisectionSteps", bisections)
                .put("ended", stop);
        double interval = interval();
        if (!Double.isInfinite(interval)) {
            json.put("resolutionPercent", Math.round(interval * 1000) / 10.0);
        }
        return json;
    }
}
