package dev.herald.subscription;

import dev.herald.core.CloseReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A connection that fails mid-write (Vert.x throws on a socket the peer just closed) is closed on
 * its own; the subscribers dispatched after it still get every update.
 */
class FailingTransportTest {

    @Test
    void aBrokenConnectionIsClosedAndTheOthersStillReceiveEverything() {
        try (OnLoop loop = new OnLoop()) {
            FakeTransport broken = FakeTransport.broken();
            FakeTransport healthy = FakeTransport.healthy();
            loop.subscribe(broken, null);
            loop.subscribe(healthy, null);
            loop.publish(10);
            OnLoop.await(healthy.written(10));
            assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), healthy.written);
            assertEquals(CloseReason.CLIENT_CLOSED, OnLoop.await(broken.closed));
            assertEquals(1, loop.call(loop.subscriptions::size), "the broken subscriber is unregistered");
            assertEquals(List.of(), broken.written);
        }
    }
}
