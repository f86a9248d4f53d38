package dev.herald.loadtest.wire;

/**
 * Reads Herald's WebSocket messages, {@code {"type":"update","id":"…","topics":[…],"data":"…"}}
 * and {@code {"type":"ping"}}, in place: one pass over the top-level object notes where the
 * {@code type}, {@code id} and {@code data} strings lie, skipping every other value, and
 * allocates nothing. A message it cannot read that way (escapes in those strings, or not a
 * JSON object) is reported as {@link #scan} returning false, for a full JSON parse to handle.
 * Not thread-safe: one per connection, reused for every message.
 */
public final class MercureWsMessage {

    public enum Type { UPDATE, PING, OTHER }

    private Type type;
    private int idFrom;
    private int idTo;
    private int dataFrom;
    private int dataTo;

    /** Scans {@code bytes[from, to)}; false when the message needs a full JSON parse. */
    public boolean scan(byte[] bytes, int from, int to) {
        type = Type.OTHER;
        idFrom = -1;
        dataFrom = -1;
        int i = skipSpace(bytes, from, to);
        if (i >= to || bytes[i] != '{') {
            return false;
        }
        i = skipSpace(bytes, i + 1, to);
        if (i < to && bytes[i] == '}') {
            return true;
        }
        while (i < to) {
            if (bytes[i] != '"') {
                return false;
            }
            int keyFrom = i + 1;
            int keyTo = plainStringEnd(bytes, keyFrom, to);
            if (keyTo < 0) {
                return false;
            }
            i = skipSpace(bytes, keyTo + 1, to);
            if (i >= to || bytes[i] != ':') {
                return false;
            }
            i = skipSpace(bytes, i + 1, to);
            if (i >= to) {
                return false;
            }
            int valueEnd;
            if (bytes[i] == '"') {
                int stringEnd = plainStringEnd(bytes, i + 1, to);
                boolean wanted = Ascii.equals(bytes, keyFrom, keyTo, "data") || Ascii.equals(bytes, keyFrom, keyTo, "id")
                        || Ascii.equals(bytes, keyFrom, keyTo, "type");
                if (stringEnd < 0) {
                    if (wanted) {
                        return false; // An escaped string: let a JSON parser decode it.
                    }
                    stringEnd = escapedStringEnd(bytes, i + 1, to);
                    if (stringEnd < 0) {
                        return false;
                    }
                } else if (wanted) {
                    note(bytes, keyFrom, keyTo, i + 1, stringEnd);
                }
                valueEnd = stringEnd + 1;
            } else {
                valueEnd = skipValue(bytes, i, to);
                if (valueEnd < 0) {
                    return false;
                }
            }
            i = skipSpace(bytes, valueEnd, to);
            if (i >= to) {
                return false;
            }
            if (bytes[i] == '}') {
                return true;
            }
            if (bytes[i] != ',') {
                return false;
            }
            i = skipSpace(bytes, i + 1, to);
        }
        return false;
    }

    public Type type() {
        return type;
    }

    /** Where the id lies, or -1 when the message had none. */
    public int idFrom() {
        return idFrom;
    }

    public int idTo() {
        return idTo;
    }

    /** Where the data lies, or -1 when the message had none. */
    public int dataFrom() {
        return dataFrom;
    }

    public int dataTo() {
        return dataTo;
    }

    private void note(byte[] bytes, int keyFrom, int keyTo, int from, int to) {
        if (Ascii.equals(bytes, keyFrom, keyTo, "data")) {
            dataFrom = from;
            dataTo = to;
        } else if (Ascii.equals(bytes, keyFrom, keyTo, "id")) {
            idFrom = from;
            idTo = to;
        } else if (Ascii.equals(bytes, from, to, "update")) {
            type = Type.UPDATE;
        } else if (Ascii.equals(bytes, from, to, "ping")) {
            type = Type.PING;
        }
    }

    /** The closing quote of a string without escapes starting at {@code from}, or -1. */
    private static int plainStringEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static int escapedStringEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\\') {
                i++;
            } else if (bytes[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /** Skips a number, literal, array or object; returns the index after it, or -1. */
    private static int skipValue(byte[] bytes, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '"') {
                i = escapedStringEnd(bytes, i + 1, to);
                if (i < 0) {
                    return -1;
                }
            } else if (b == '[' || b == '{') {
                depth++;
            } else if (b == ']' || b == '}') {
                if (depth == 0) {
                    return i;
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (depth == 0 && (b == ',' || b == ' ' || b == '\t' || b == '\n' || b == '\r')) {
                return i;
            }
        }
        return depth == 0 ? to : -1;
    }

    private static int skipSpace(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
            i++;
        }
        return i;
    }
}
