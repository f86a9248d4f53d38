package dev.herald.loadtest.wire;

/** Comparisons of raw bytes with ASCII text, for the readers that scan in place. */
public final class Ascii {

    private Ascii() {
    }

    /** Whether {@code bytes[from, to)} are exactly the characters of {@code text}. */
    public static boolean equals(byte[] bytes, int from, int to, String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes[from, to)} start with the characters of {@code text}. */
    public static boolean startsWith(byte[] bytes, int from, int to, String text) {
        return to - from >= text.length() && equals(bytes, from, from + text.length(), text);
    }
}
