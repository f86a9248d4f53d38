package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.loadtest.cli.OptionsParser;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The calibration mode forks its blaster, receives from it and reports the generator's own ceiling. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CalibrationTest {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sse", "ws"})
    void reportsTheDeliveriesTheReceiveSideSustained(String transport) {
        JsonObject report = LoadRun.execute(OptionsParser.parse(new String[] {"--scenario", "calibrate",
                "--transport", transport, "--subscribers", "4", "--warmup", "500ms", "--step-duration", "1s",
                "--event-loops", "1", "--quiet"}), SILENT);

        JsonObject calibration = report.getJsonObject("calibration");
        assertNotNull(calibration, report::encodePrettily);
        assertEquals(transport, calibration.getString("transport"));
        assertEquals(4, calibration.getInteger("connections"), report::encodePrettily);
        assertTrue(calibration.getDouble("deliveriesPerSecond") > 0, report::encodePrettily);
        assertTrue(calibration.getDouble("blasterWrittenPerSecond") > 0, report::encodePrettily);
        for (String field : new String[] {"cpuPercent", "receiveCpuPercent", "blasterCpuPercent", "blasterBound"}) {
            assertTrue(calibration.containsKey(field), field);
        }
        assertEquals(0L, report.getJsonObject("subscribers").getLong("lostConnections"), report::encodePrettily);
    }
}
