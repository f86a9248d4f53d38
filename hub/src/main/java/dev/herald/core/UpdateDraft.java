package dev.herald.core;

import java.util.List;

/**
 * A validated publish, before the log has placed it. The log gives it its position and, when the
 * publisher chose none, its id.
 *
 * @param id            the publisher's event id, or null for the log to generate one
 * @param topics        the first topic is canonical, the others are alternates; never empty
 * @param data          UTF-8 text, possibly empty or multi-line
 * @param type          the SSE event type, or null
 * @param retry         the SSE reconnection time in milliseconds, or null
 * @param privateUpdate true when only subscribers granted one of the topics may receive it
 */
public record UpdateDraft(String id, List<String> topics, String data, String type, Long retry,
                          boolean privateUpdate) {

    public UpdateDraft {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one topic");
        }
    }

    /** The update this draft becomes at {@code position}, with its final {@code eventId}. */
    public Update placed(LogPosition position, String eventId) {
        return new Update(position, eventId, topics, data, type, retry, privateUpdate);
    }
}
