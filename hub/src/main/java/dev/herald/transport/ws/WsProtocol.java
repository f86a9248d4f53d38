package dev.herald.transport.ws;

import dev.herald.http.ClientError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The WebSocket message format (protocol-spec/websocket.md): every message is a JSON object with a
 * {@code type} and an optional {@code ref}, which replies carry back as a string. Parses client
 * commands and builds the hub's messages; what a command does is {@link WsSession}'s business.
 */
final class WsProtocol {
    private WsProtocol() {
    }

    /** One client message: its type, its ref (or null) and all its fields. */
    record Command(String type, String ref, JsonObject fields) {
    }

    /** A message that cannot be read as a command: answered with an error of {@code code}. */
    static final class Malformed extends Exception {
        private final String code;
        private final String ref;

        Malformed(String code, String ref, String message) {
            super(message, null, false, false);
            this.code = code;
            this.ref = ref;
        }

        JsonObject toMessage() {
            return error(ref, code, getMessage());
        }
    }

    static Command parse(String text, int maxSize) throws Malformed {
        if (text.length() > maxSize) {
            throw new Malformed("message_too_large", null, "messages are limited to " + maxSize + " bytes");
        }
        JsonObject fields;
        try {
            fields = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new Malformed("bad_message", null, "expected a JSON object with a type");
        }
        Object ref = fields.getValue("ref");
        String refText = ref == null ? null : String.valueOf(ref);
        if (!(fields.getValue("type") instanceof String type)) {
            throw new Malformed("bad_message", refText, "expected a JSON object with a string type");
        }
        return new Command(type, refText, fields);
    }

    /** The {@code topics} of a subscribe or unsubscribe command. */
    static List<String> topics(Command command) throws ClientError {
        if (!(command.fields().getValue("topics") instanceof JsonArray requested) || requested.isEmpty()) {
            throw ClientError.badRequest("topics must be a non-empty array of strings");
        }
        List<String> texts = new ArrayList<>(requested.size());
        for (Object topic : requested) {
            if (!(topic instanceof String text)) {
                throw ClientError.badRequest("topics must be a non-empty array of strings");
            }
            texts.add(text);
        }
        return texts;
    }

    /** The {@code token} of an auth command. */
    static String token(Command command) throws ClientError {
        if (!(command.fields().getValue("token") instanceof String token) || token.isBlank()) {
            throw ClientError.badRequest("auth needs a token string");
        }
        return token;
    }

    static JsonObject message(String type, String ref) {
        JsonObject message = new JsonObject().put("type", type);
        if (ref != null) {
            message.put("ref", ref);
        }
        return message;
    }

    static JsonObject error(String ref, String code, String text) {
        return message("error", ref).put("code", code).put("message", text);
    }

    /**
     * A refused command as an error message: {@code unauthorized} for a 401, {@code unavailable} for a
     * 503 (the hub is full; retry later), else {@code bad_request}.
     */
    static JsonObject error(String ref, ClientError refusal) {
        String code = switch (refusal.status()) {
            case 401 -> "unauthorized";
            case 503 -> "unavailable";
            default -> "bad_request";
        };
        return error(ref, code, refusal.reason());
    }
}
