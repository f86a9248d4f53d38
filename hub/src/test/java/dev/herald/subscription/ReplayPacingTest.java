package dev.herald.subscription;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A replay is paced by the socket: it waits for a drain whenever the queue is full, reads history
 * page by page, and runs once. Drains that come twice, while a page is being read, or after the
 * replay finished change nothing: no repeat, no gap, no exception.
 */
class ReplayPacingTest {

    @Test
    void aReplayPausedByAFullQueueResumesOnDrainAndIgnoresLaterDrains() {
        int history = 3 * Replay.PAGE_SIZE + 17;
        try (OnLoop loop = new OnLoop()) {
            loop.publish(history);
            FakeTransport transport = FakeTransport.slow(loop.context, 50);
            Subscriber subscriber = loop.subscribe(transport, "earliest");
            loop.publish(1); // races with the replay: arrives live or replayed, once either way
            OnLoop.await(transport.written(history + 1));
            int afterExtraDrains = loop.call(() -> {
                // The replay is over: drains now must neither throw nor write anything again.
                transport.drain();
                transport.drain();
                return transport.written.size();
            });
            assertEquals(history + 1, afterExtraDrains);
            loop.publish(1);
            OnLoop.await(transport.written(history + 2));
            assertEquals(LongStream.rangeClosed(1, history + 2).boxed().toList(), transport.written,
                    "every update once, in log order");
            assertFalse(subscriber.isClosed());
        }
    }
}
