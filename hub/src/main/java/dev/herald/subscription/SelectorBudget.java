package dev.herald.subscription;

import dev.herald.core.TopicSelector;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub-wide bound on what subscriptions hold ({@code max_hub_subscription_bytes}): the selector
 * bytes of every connection of every event loop together. Each subscriber takes its share when it
 * subscribes, more or less as it changes selectors, and gives it back when it closes, so many
 * connections cannot together pile up selectors (and the matching work they bring) without bound.
 *
 * <p>Threading: safe from any thread; one instance is shared by every event loop.
 */
public final class SelectorBudget {
    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    public SelectorBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} if they fit; false, taking nothing, when they do not. */
    boolean tryTake(long bytes) {
        long before;
        do {
            before = used.get();
            if (before + bytes > maxBytes) {
                return false;
            }
        } while (!used.compareAndSet(before, before + bytes));
        return true;
    }

    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Whether {@code bytes} would fit now (a check before a WebSocket upgrade; {@link #tryTake} decides). */
    boolean hasRoomFor(long bytes) {
        return used.get() + bytes <= maxBytes;
    }

    /** The selector bytes held by every subscriber of the hub. */
    public long used() {
        return used.get();
    }

    /** What {@code selectors} weigh: the UTF-8 length of their text. */
    public static long bytes(Collection<TopicSelector> selectors) {
        long total = 0;
        for (TopicSelector selector : selectors) {
            total += bytes(selector.text());
        }
        return total;
    }

    /** The UTF-8 length of {@code text}, without encoding it. */
    public static long bytes(String text) {
        long total = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            total += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return total;
    }
}
