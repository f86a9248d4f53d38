package dev.herald.loadtest.measure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The start point of a subscriber that joins while publishes are in flight. */
class SequenceTrackerTest {

    @Test
    void aPublishStillInFlightWhenASubscriberJoinsMayReachIt() {
        PublishLedger ledger = new PublishLedger(1, 1);
        int stream = ledger.stream(0, 0);
        for (int i = 0; i < 5; i++) {
            ledger.nextSequence(stream);
        }
        ledger.answered(stream, 3); // 4 and 5 are numbered, not yet answered: the server may not have them yet

        SequenceTracker tracker = SequenceTracker.joining(new int[] {0}, ledger);

        assertEquals(SequenceTracker.Outcome.UNEXPECTED, tracker.record(0, 0, 3));
        assertEquals(SequenceTracker.Outcome.DELIVERED, tracker.record(0, 0, 4));
        assertEquals(SequenceTracker.Outcome.DELIVERED, tracker.record(0, 0, 5));
        assertEquals(1, tracker.verdict().unexpected());
    }

    @Test
    void whatIsPublishedAfterTheConfirmationIsOwed() {
        PublishLedger ledger = new PublishLedger(1, 1);
        int stream = ledger.stream(0, 0);
        ledger.nextSequence(stream);
        ledger.answered(stream, 1);
        SequenceTracker tracker = SequenceTracker.joining(new int[] {0}, ledger);
        tracker.subscribed();
        for (long sequence = 2; sequence <= 4; sequence++) {
            ledger.nextSequence(stream);
            ledger.answered(stream, sequence);
        }
        tracker.record(0, 0, 2);
        tracker.record(0, 0, 4);

        assertEquals(1, tracker.verdict().missing());
    }
}
