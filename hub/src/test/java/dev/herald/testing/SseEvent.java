package dev.herald.testing;

/**
 * One dispatched Server-Sent Event, as an EventSource would see it.
 *
 * @param id    the last event id after this event's fields (WHATWG: it persists across events)
 * @param type  the {@code event:} field, or null when none was sent (EventSource then says "message")
 * @param data  the data lines joined with {@code \n}
 * @param retry the {@code retry:} value sent in this event's block, or null
 */
public record SseEvent(String id, String type, String data, Long retry) {
}
