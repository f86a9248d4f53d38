package dev.herald.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ramp's choice of rates against a server whose limit is known exactly. */
class RateSearchTest {

    @Test
    void bisectsBetweenTheLastPassingAndTheFirstFailingRateToFivePercent() {
        List<Double> rates = new ArrayList<>();
        RateSearch search = run(new RateSearch(25, 2, 1_000_000, 12), 140, rates);

        assertEquals(List.of(25.0, 50.0, 100.0, 200.0, 150.0, 125.0, 137.5, 143.75), rates);
        JsonObject outcome = search.toJson();
        assertEquals(137.5, outcome.getDouble("highestPassingRate"));
        assertEquals(143.75, outcome.getDouble("lowestFailingRate"));
        assertEquals(4, outcome.getInteger("bisectionSteps"));
        assertEquals(4.5, outcome.getDouble("resolutionPercent"));
        assertEquals("resolution reached", outcome.getString("ended"));
    }

    @Test
    void aKnownBracketIsBisectedWithoutRamping() {
        List<Double> rates = new ArrayList<>();
        RateSearch search = run(RateSearch.between(100, 200), 140, rates);

        assertEquals(List.of(150.0, 125.0, 137.5, 143.75), rates);
        assertEquals(4, search.toJson().getInteger("bisectionSteps"));
        assertEquals(4.5, search.toJson().getDouble("resolutionPercent"));
    }

    @Test
    void aBracketAlreadyNarrowEnoughTakesNoStep() {
        RateSearch search = RateSearch.between(100, 104);

        assertFalse(search.more());
        assertEquals("resolution reached", search.toJson().getString("ended"));
        assertEquals(0, search.toJson().getInteger("bisectionSteps"));
    }

    @Test
    void aLargeFactorIsNarrowedDownWithinTheBoundOnExtraSteps() {
        RateSearch search = run(new RateSearch(10, 4, 1_000_000, 12), 601, new ArrayList<>());

        JsonObject outcome = search.toJson();
        assertTrue(outcome.getDouble("resolutionPercent") <= 5, outcome::encode);
        assertTrue(outcome.getDouble("highestPassingRate") <= 601 && outcome.getDouble("lowestFailingRate") > 601, outcome::encode);
        assertTrue(outcome.getInteger("bisectionSteps") <= RateSearch.MAX_BISECTIONS, outcome::encode);
    }

    @Test
    void aServerThatNeverFailsStopsAtTheTopWithoutBisecting() {
        List<Double> rates = new ArrayList<>();
        RateSearch search = run(new RateSearch(10, 2, 1_000_000, 4), Double.MAX_VALUE, rates);

        assertEquals(List.of(10.0, 20.0, 40.0, 80.0), rates);
        assertEquals(0, search.toJson().getInteger("bisectionSteps"));
        assertEquals(null, search.toJson().getDouble("lowestFailingRate"));
        assertFalse(search.toJson().containsKey("resolutionPercent"));
        assertEquals("top of the ramp passed (--max-steps)", search.toJson().getString("ended"));
    }

    @Test
    void aFailureThatSaysNothingOfTheRateEndsTheSearch() {
        RateSearch search = new RateSearch(10, 2, 1_000_000, 12);
        search.record(10, true, null);
        search.record(20, false, "incorrect delivery");

        assertFalse(search.more());
        assertEquals("incorrect delivery", search.toJson().getString("ended"));
    }

    @Test
    void aFixedLoadIsOneStep() {
        List<Double> rates = new ArrayList<>();
        run(new RateSearch(50, 1, 1_000_000, 12), 10, rates);

        assertEquals(List.of(50.0), rates);
    }

    /** Runs the search against a server that passes every rate up to {@code limit}. */
    private static RateSearch run(RateSearch search, double limit, List<Double> rates) {
        for (int guard = 0; search.more() && guard < 100; guard++) {
            rates.add(search.next());
            search.record(search.next(), search.next() <= limit, null);
        }
        assertFalse(search.more(), "the search must end");
        return search;
    }
}
