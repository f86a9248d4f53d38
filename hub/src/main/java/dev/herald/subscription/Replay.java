package dev.herald.subscription;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.history.EventLog;
import dev.herald.history.HistoryPage;
import io.vertx.core.Context;

import java.util.ArrayDeque;

/**
 * Writes the history one subscriber missed, page by page, paced by its transport's writability,
 * then hands it over to live delivery. One instance per subscription, used once: after the replay
 * finished, a late drain or page answer does nothing.
 *
 * <p>The replay stops at {@code liveFrom}, the last update this event loop had dispatched when the
 * subscriber registered: everything after it reaches the subscriber live, so only what came before
 * must be read. If the log no longer holds part of that (evicted while a slow client replayed, or a
 * restarted log), the subscriber is closed with {@link CloseReason#HISTORY_LOST}, never left with a gap.
 *
 * <p>Threading: confined to the subscriber's event loop; the log matches each page off the loop
 * (with the subscriber's rule as it was when the page was asked for) and answers on the loop, so a
 * long replay or a costly selector never holds it.
 */
final class Replay {
    /** Most updates one page brings; the log also bounds how many entries a page scans. */
    static final int PAGE_SIZE = 256;

    private final Subscriber subscriber;
    private final Transport transport;
    private final EventLog log;
    private final Context context;
    private final LogPosition liveFrom;
    private final ArrayDeque<EncodedUpdate> page = new ArrayDeque<>();
    private LogPosition cursor;
    private boolean more = true;
    private boolean readingPage;
    private boolean finished;

    /** @param liveFrom the last update dispatched live before the subscriber registered, or null */
    Replay(Subscriber subscriber, Transport transport, EventLog log, Context context, LogPosition liveFrom) {
        this.subscriber = subscriber;
        this.transport = transport;
        this.log = log;
        this.context = context;
        this.liveFrom = liveFrom;
    }

    /** Replays what follows {@code after}. */
    void start(LogPosition after) {
        cursor = after;
        safely(this::readNextPage);
    }

    /** Runs one step; a connection that fails under it is closed alone, and the replay ends. */
    private void safely(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException failure) {
            finished = true;
            subscriber.failed(failure);
        }
    }

    private void readNextPage() {
        if (finished || subscriber.isClosed()) {
            return;
        }
        if (!more || coveredByLiveDelivery()) {
            finished = true;
            subscriber.goLive(cursor);
            return;
        }
        readingPage = true;
        log.readAfter(cursor, subscriber.currentRule(), PAGE_SIZE).onComplete(read -> safely(() -> {
            readingPage = false;
            if (finished || subscriber.isClosed()) {
                return;
            }
            if (read.failed() || read.result().lost()) {
                finished = true;
                subscriber.close(CloseReason.HISTORY_LOST);
                return;
            }
            HistoryPage result = read.result();
            page.addAll(result.updates());
            cursor = result.scannedUpTo();
            more = result.more();
            pump();
        }));
    }

    private boolean coveredByLiveDelivery() {
        return liveFrom != null && cursor.sameEpoch(liveFrom) && cursor.sequence() >= liveFrom.sequence();
    }

    /**
     * Writes the page while the transport takes it; waits for a drain when it does not. A drain that
     * comes while the next page is being read, or after the replay finished, changes nothing.
     */
    private void pump() {
        if (finished || readingPage || subscriber.isClosed()) {
            return;
        }
        while (!page.isEmpty()) {
            if (!transport.writable()) {
                transport.flush();
                transport.whenWritable(() -> safely(this::pump));
                return;
            }
            subscriber.replay(page.poll());
            if (subscriber.isClosed()) {
                return;
            }
        }
        if (more && !coveredByLiveDelivery()) {
            readingPage = true;
            context.runOnContext(ignored -> safely(() -> {
                readingPage = false;
                readNextPage();
            }));
        } else {
            readNextPage();
        }
    }
}
