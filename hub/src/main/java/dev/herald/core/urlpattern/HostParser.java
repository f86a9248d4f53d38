package dev.herald.core.urlpattern;

import java.math.BigInteger;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The WHATWG host parser: domains (lower-cased, internationalised names to ASCII), IPv4 addresses
 * in every form the standard accepts (serialised as four decimal numbers), IPv6 addresses
 * (serialised compressed), and the opaque hosts of non-special schemes. Returns null for failure.
 */
final class HostParser {
    private static final String FORBIDDEN_HOST = "\u0000\t\n\r #/:<>?@[\\]^|";

    private HostParser() {
    }

    static String parse(String input, boolean special) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]")) {
                return null;
            }
            int[] address = ipv6(input.substring(1, input.length() - 1));
            return address == null ? null : "[" + serializeIpv6(address) + "]";
        }
        if (!special) {
            return opaque(input);
        }
        String domain = PercentEncoding.decode(input);
        String ascii = domainToAscii(domain);
        if (ascii == null || ascii.isEmpty()) {
            return null;
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (FORBIDDEN_HOST.indexOf(c) >= 0 || c < 0x20 || c == '%' || c == 0x7F) {
                return null;
            }
        }
        if (endsInANumber(ascii)) {
            Long address = ipv4(ascii);
            return address == null ? null : serializeIpv4(address);
        }
        return ascii;
    }

    /** True when {@code input} is a forbidden host code point (an opaque host may not hold one). */
    static boolean forbiddenHostCodePoint(int c) {
        return c < 128 && FORBIDDEN_HOST.indexOf(c) >= 0;
    }

    private static String opaque(String input) {
        for (int i = 0; i < input.length(); i++) {
            if (forbiddenHostCodePoint(input.charAt(i))) {
                return null;
            }
        }
        return PercentEncoding.C0_CONTROL.encode(input);
    }

    private static String domainToAscii(String domain) {
        String lowered = domain.toLowerCase(Locale.ROOT);
        if (lowered.chars().allMatch(c -> c < 128)) {
            return lowered;
        }
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean endsInANumber(String input) {
        List<String> parts = new ArrayList<>(List.of(input.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return ipv4Number(last) != null;
    }

    private static Long ipv4(String input) {
        List<String> parts = new ArrayList<>(List.of(input.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            return null;
        }
        List<BigInteger> numbers = new ArrayList<>();
        for (String part : parts) {
            BigInteger number = ipv4Number(part);
            if (number == null) {
                return null;
            }
            numbers.add(number);
        }
        BigInteger limit = BigInteger.valueOf(255);
        for (int i = 0; i < numbers.size() - 1; i++) {
            if (numbers.get(i).compareTo(limit) > 0) {
                return null;
            }
        }
        BigInteger last = numbers.get(numbers.size() - 1);
        if (last.compareTo(BigInteger.valueOf(256).pow(5 - numbers.size())) >= 0) {
            return null;
        }
        long address = last.longValue();
        for (int i = 0; i < numbers.size() - 1; i++) {
            address += numbers.get(i).longValue() << (8 * (3 - i));
        }
        return address;
    }

    private static BigInteger ipv4Number(String input) {
        if (input.isEmpty()) {
            return null;
        }
        int radix = 10;
        if (input.length() >= 2 && (input.startsWith("0x") || input.startsWith("0X"))) {
            radix = 16;
            input = input.substring(2);
        } else if (input.length() >= 2 && input.charAt(0) == '0') {
            radix = 8;
            input = input.substring(1);
        }
        if (input.isEmpty()) {
            return BigInteger.ZERO;
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= 128 || Character.digit(c, radix) < 0) {
                return null;
            }
        }
        return new BigInteger(input, radix);
    }

    private static String serializeIpv4(long address) {
        return (address >> 24 & 0xFF) + "." + (address >> 16 & 0xFF) + "." + (address >> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** Parses the text between the brackets into eight 16-bit pieces, or null. */
    static int[] ipv6(String input) {
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int pointer = 0;
        int length = input.length();
        if (pointer < length && input.charAt(pointer) == ':') {
            if (pointer + 1 >= length || input.charAt(pointer + 1) != ':') {
                return null;
            }
            pointer += 2;
            compress = ++pieceIndex;
        }
        while (pointer < length) {
            if (pieceIndex == 8) {
                return null;
            }
            if (input.charAt(pointer) == ':') {
                if (compress != -1) {
                    return null;
                }
                pointer++;
                compress = ++pieceIndex;
                continue;
            }
            int value = 0;
            int digits = 0;
            while (digits < 4 && pointer < length && hex(input.charAt(pointer)) >= 0) {
                value = value * 16 + hex(input.charAt(pointer));
                pointer++;
                digits++;
            }
            if (pointer < length && input.charAt(pointer) == '.') {
                if (digits == 0) {
                    return null;
                }
                pointer -= digits;
                if (pieceIndex > 6) {
                    return null;
                }
                int numbersSeen = 0;
                while (pointer < length) {
                    int ipv4Piece = -1;
                    if (numbersSeen > 0) {
                        if (input.charAt(pointer) == '.' && numbersSeen < 4) {
                            pointer++;
                        } else {
                            return null;
                        }
                    }
                    if (pointer >= length || !isDigit(input.charAt(pointer))) {
                        return null;
                    }
                    while (pointer < length && isDigit(input.charAt(pointer))) {
                        int number = input.charAt(pointer) - '0';
                        if (ipv4Piece == -1) {
                            ipv4Piece = number;
                        } else if (ipv4Piece == 0) {
                            return null;
                        } else {
                            ipv4Piece = ipv4Piece * 10 + number;
                        }
                        if (ipv4Piece > 255) {
                            return null;
                        }
                        pointer++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) {
                        pieceIndex++;
                    }
                }
                if (numbersSeen != 4) {
                    return null;
                }
                break;
            } else if (pointer < length && input.charAt(pointer) == ':') {
                pointer++;
                if (pointer >= length) {
                    return null;
                }
            } else if (pointer < length) {
                return null;
            }
            address[pieceIndex++] = value;
        }
        if (compress != -1) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int other = compress + swaps - 1;
                int kept = address[pieceIndex];
                address[pieceIndex] = address[other];
                address[other] = kept;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            return null;
        }
        return address;
    }

    private static String serializeIpv6(int[] address) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (address[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && address[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder();
        boolean ignoring = false;
        for (int i = 0; i < 8; i++) {
            if (ignoring && address[i] == 0) {
                continue;
            }
            ignoring = false;
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                ignoring = true;
                continue;
            }
            out.append(Integer.toHexString(address[i]));
            if (i != 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
