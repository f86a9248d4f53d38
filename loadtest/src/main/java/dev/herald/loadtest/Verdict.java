package dev.herald.loadtest;

import io.vertx.core.json.JsonObject;

/** The exit status of a run, from its report: correctness problems are loud and come first. */
public final class Verdict {

    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int INCORRECT = 2;
    public static final int CONNECTIONS_FAILED = 3;

    private Verdict() {
    }

    public static int exitCode(JsonObject report) {
        JsonObject correctness = report.getJsonObject("correctness");
        if (correctness != null && !correctness.getBoolean("ok", true)) {
            return INCORRECT;
        }
        JsonObject subscribers = report.getJsonObject("subscribers", new JsonObject());
        JsonObject churn = report.getJsonObject("churn", new JsonObject());
        if (subscribers.getLong("failed", 0L) > 0 || subscribers.getLong("lostConnections", 0L) > 0
                || churn.getLong("connectFailures", 0L) > 0) {
            return CONNECTIONS_FAILED;
        }
        return OK;
    }
}
