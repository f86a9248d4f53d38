package dev.herald.transport.ws;

import dev.herald.core.MatcherType;
import dev.herald.core.TopicSelector;
import dev.herald.http.ClientError;
import dev.herald.transport.MatcherValues;
import dev.herald.transport.RequestedSelector;
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

    /**
     * The selectors a subscribe or unsubscribe command names: its {@code topics} (strings, read as
     * draft-07 topics) and its {@code matchers} (draft-08's topic matcher objects,
     * <code>{"match": "…", "match_type": "urlpattern"}</code>, {@code match_type} defaulting to
     * {@code exact}). Either may be absent, not both.
     */
    static List<RequestedSelector> selectors(Command command) throws ClientError {
        Object topics = command.fields().getValue("topics");
        Object matchers = command.fields().getValue("matchers");
        if (topics == null && matchers == null) {
            throw ClientError.badRequest("name topics (an array of strings) or matchers (an array of "
                    + "{\"match\": …, \"match_type\": …} objects)");
        }
        List<RequestedSelector> selectors = new ArrayList<>();
        if (topics != null) {
            if (!(topics instanceof JsonArray array)) {
                throw ClientError.badRequest("topics must be an array of strings");
            }
            for (Object topic : array) {
                if (!(topic instanceof String text)) {
                    throw ClientError.badRequest("topics must be an array of strings");
                }
                selectors.add(RequestedSelector.draft07("topics", text));
            }
        }
        if (matchers != null) {
            if (!(matchers instanceof JsonArray array)) {
                throw ClientError.badRequest("matchers must be an array of {\"match\": …, \"match_type\": …} objects");
            }
            for (Object matcher : array) {
                selectors.add(matcher(matcher));
            }
        }
        if (selectors.isEmpty()) {
            throw ClientError.badRequest("topics and matchers are empty: name at least one selector");
        }
        return selectors;
    }

    private static RequestedSelector matcher(Object matcher) throws ClientError {
        if (!(matcher instanceof JsonObject object) || !(object.getValue("match") instanceof String match)) {
            throw ClientError.badRequest("each matcher must be an object with a string match");
        }
        Object typeName = object.getValue("match_type");
        if (typeName == null) {
            return new RequestedSelector("matchers", MatcherType.EXACT, match);
        }
        if (!(typeName instanceof String name)) {
            throw ClientError.badRequest("match_type must be a string: exact, urlpattern or uritemplate");
        }
        MatcherType type = MatcherType.fromWireName(name);
        if (type == null) {
            throw ClientError.badRequest("unsupported match_type " + MatcherValues.quoted(name)
                    + ": use exact, urlpattern or uritemplate");
        }
        return new RequestedSelector("matchers", type, match);
    }

    /** The selectors as draft-08 matcher objects, {@code match} and {@code match_type}. */
    static JsonArray matcherObjects(List<TopicSelector> selectors) {
        JsonArray objects = new JsonArray();
        for (TopicSelector selector : selectors) {
            objects.add(new JsonObject().put("match", selector.text()).put("match_type", selector.type().wireName()));
        }
        return objects;
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
