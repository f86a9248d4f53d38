package dev.herald.transport.ws;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One event loop's deadlines for its WebSocket connections, in place of a timer per connection: a
 * per-connection Vert.x timer costs a Netty scheduled task, a Vert.x handler and a map entry for as
 * long as the connection is idle, which is always. Time advances in ticks of a fixed length;
 * {@link #tick()} moves it one tick on and calls every entry whose tick has come. An entry asked
 * for in {@code n} ticks is called on the {@code n}th tick from now; the first of those may come at
 * any point of a tick's length, so it waits between {@code n - 1} and {@code n} tick lengths.
 *
 * <p>Slots are lists of entries linked through the entries themselves, so scheduling and cancelling
 * are O(1) and allocate nothing. An entry further away than one turn of the wheel waits in its slot
 * for its turn to come round.
 *
 * <p>Threading: confined to one event loop; every method, and the tick, run on it.
 */
final class TimerWheel {
    /** Something the wheel calls back once its tick has come. */
    abstract static class Entry {
        private Entry previous;
        private Entry next;
        private long dueTick = -1;

        /** Called on the tick it was scheduled for (or the next one); it is no longer scheduled. */
        abstract void due();

        final boolean scheduled() {
            return dueTick >= 0;
        }
    }

    /** A turn of the wheel longer than this costs slots for little: farther entries wait a round. */
    static final int MAX_SLOTS = 4096;

    private final long tickMillis;
    private final Entry[] slots;
    private final Consumer<Boolean> running;
    private long now;
    private int size;

    /**
     * @param tickMillis how long one tick is
     * @param horizon    the longest delay asked for: the wheel gets a slot per tick up to it
     * @param running    told {@code true} when the first entry is scheduled and {@code false} when
     *                   the last one leaves, so the tick runs only while something waits
     */
    TimerWheel(long tickMillis, Duration horizon, Consumer<Boolean> running) {
        if (tickMillis < 1) {
            throw new IllegalArgumentException("tick must be at least 1 ms, was " + tickMillis);
        }
        this.tickMillis = tickMillis;
        this.slots = new Entry[(int) Math.min(MAX_SLOTS, ticks(horizon) + 1)];
        this.running = running;
    }

    /**
     * A wheel ticked by a Vert.x periodic timer while anything waits on it. Call from the event loop
     * that owns it: the timer runs on the context current when the first entry is scheduled.
     */
    static TimerWheel ticking(Vertx vertx, long tickMillis, Duration horizon) {
        PeriodicTick tick = new PeriodicTick(vertx, tickMillis);
        tick.wheel = new TimerWheel(tickMillis, horizon, tick);
        return tick.wheel;
    }

    private static final class PeriodicTick implements Consumer<Boolean> {
        private final Vertx vertx;
        private final long tickMillis;
        private TimerWheel wheel;
        private long timer = -1;

        PeriodicTick(Vertx vertx, long tickMillis) {
            this.vertx = vertx;
            this.tickMillis = tickMillis;
        }

        @Override
        public void accept(Boolean running) {
            if (running) {
                timer = vertx.setPeriodic(tickMillis, ignored -> wheel.tick());
            } else {
                vertx.cancelTimer(timer);
            }
        }
    }

    /** The whole ticks that cover {@code delay}, at least one. */
    long ticks(Duration delay) {
        return Math.max(1, (delay.toMillis() + tickMillis - 1) / tickMillis);
    }

    /** Ticks elapsed since the wheel was made. */
    long now() {
        return now;
    }

    int size() {
        return size;
    }

    /** Calls {@code entry} in {@code delayTicks} ticks (at least one), in place of any earlier schedule. */
    void schedule(Entry entry, long delayTicks) {
        cancel(entry);
        entry.dueTick = now + Math.max(1, delayTicks);
        link(entry);
        if (++size == 1) {
            running.accept(true);
        }
    }

    void cancel(Entry entry) {
        if (!entry.scheduled()) {
            return;
        }
        unlink(entry);
        entry.dueTick = -1;
        if (--size == 0) {
            running.accept(false);
        }
    }

    /** Advances one tick and calls the entries due; those they schedule again wait at least a tick. */
    void tick() {
        now++;
        int slot = slot(now);
        Entry entry = slots[slot];
        while (entry != null) {
            if (entry.dueTick > now) {
                entry = entry.next; // a later round
                continue;
            }
            Entry next = entry.next;
            cancel(entry);
            entry.due();
            // What due() did may have taken the next entry out of this slot: then start the slot
            // again (entries it put in are due later, so they are skipped).
            entry = next != null && next.scheduled() && slot(next.dueTick) == slot ? next : slots[slot];
        }
    }

    private int slot(long tick) {
        return (int) (tick % slots.length);
    }

    private void link(Entry entry) {
        int slot = slot(entry.dueTick);
        Entry head = slots[slot];
        entry.previous = null;
        entry.next = head;
        if (head != null) {
            head.previous = entry;
        }
        slots[slot] = entry;
    }

    private void unlink(Entry entry) {
        if (entry.previous != null) {
            entry.previous.next = entry.next;
        } else {
            slots[slot(entry.dueTick)] = entry.next;
        }
        if (entry.next != null) {
            entry.next.previous = entry.previous;
        }
        entry.previous = null;
        entry.next = null;
    }
}
