package dev.herald.loadtest.scenario;

import io.vertx.core.json.JsonObject;

/** One kind of measurement. Runs on the calling thread, blocking until done; bounded in time. */
public interface Scenario {

    /** Runs and returns the scenario's section of the report. */
    JsonObject run(RunContext run);

    static Scenario of(ScenarioKind kind) {
        return switch (kind) {
            case FANOUT, MANY_TOPICS -> new RampScenario();
            case IDLE -> new IdleScenario();
            case CHURN -> new ChurnScenario();
            case CATCH_UP -> new CatchUpScenario();
            case CALIBRATE -> new CalibrationScenario();
        };
    }
}
