package dev.herald.loadtest.wire;

import io.vertx.core.json.JsonArray;

/**
 * Engine.IO v4 / Socket.IO v5 text framing for the default namespace, as one WebSocket frame
 * per packet. Engine.IO types: 0 open, 1 close, 2 ping, 3 pong, 4 message. A message carries a
 * Socket.IO packet: 0 connect, 1 disconnect, 2 event, 3 ack, 4 connect error; then an optional
 * ack id, then JSON. So {@code 40} connects, {@code 421["subscribe","t"]} is event
 * {@code subscribe} asking for ack 1, {@code 431["ok"]} answers it.
 */
public record SocketIoFrame(Kind kind, int ackId, JsonArray arguments, String raw) {

    public enum Kind { OPEN, CLOSE, PING, CONNECTED, DISCONNECTED, CONNECT_ERROR, EVENT, ACK, OTHER }

    public static final String CONNECT = "40";
    public static final String PONG = "3";

    /** {@code 42<ackId>["name",arg…]}; an ack id below zero asks for no acknowledgement. */
    public static String event(int ackId, String name, Object... arguments) {
        JsonArray array = new JsonArray().add(name);
        for (Object argument : arguments) {
            array.add(argument);
        }
        return "42" + (ackId >= 0 ? Integer.toString(ackId) : "") + array.encode();
    }

    /** The name of an event frame ({@code 42["name",…]}). */
    public String eventName() {
        return arguments == null || arguments.isEmpty() ? "" : String.valueOf(arguments.getValue(0));
    }

    public static SocketIoFrame parse(String text) {
        if (text.isEmpty()) {
            return new SocketIoFrame(Kind.OTHER, -1, null, text);
        }
        switch (text.charAt(0)) {
            case '0':
                return new SocketIoFrame(Kind.OPEN, -1, null, text);
            case '1':
                return new SocketIoFrame(Kind.CLOSE, -1, null, text);
            case '2':
                return new SocketIoFrame(Kind.PING, -1, null, text);
            case '4':
                return parseMessage(text);
            default:
                return new SocketIoFrame(Kind.OTHER, -1, null, text);
        }
    }

    private static SocketIoFrame parseMessage(String text) {
        if (text.length() < 2) {
            return new SocketIoFrame(Kind.OTHER, -1, null, text);
        }
        Kind kind = switch (text.charAt(1)) {
            case '0' -> Kind.CONNECTED;
            case '1' -> Kind.DISCONNECTED;
            case '2' -> Kind.EVENT;
            case '3' -> Kind.ACK;
            case '4' -> Kind.CONNECT_ERROR;
            default -> Kind.OTHER;
        };
        int position = 2;
        int ackId = -1;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            ackId = (ackId < 0 ? 0 : ackId * 10) + (text.charAt(position) - '0');
            position++;
        }
        JsonArray arguments = null;
        if ((kind == Kind.EVENT || kind == Kind.ACK) && position < text.length() && text.charAt(position) == '[') {
            arguments = new JsonArray(text.substring(position));
        }
        return new SocketIoFrame(kind, ackId, arguments, text);
    }
}
