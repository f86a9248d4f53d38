package dev.herald.http;

import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who sent a request. Normally the TCP peer. When the peer is one of {@code trusted_proxies}, the
 * client that proxy names: the {@code for=} nodes of {@code Forwarded} (RFC 7239) when that header
 * names any, else {@code X-Forwarded-For}; of that chain, the right-most address that is not itself
 * a trusted proxy (what a client wrote further left is not believed), or the left-most when all
 * are trusted. A header that is malformed, or a chain that reaches {@code unknown}, an obfuscated
 * node or anything else that is no address before an untrusted one, leaves the peer's address;
 * an untrusted peer's headers are never read. Addresses come out in one canonical text (RFC 5952
 * for IPv6, IPv4-mapped IPv6 as IPv4), so one client has one spelling.
 *
 * <p>As the first route handler it resolves each request once and keeps the answer in the
 * request's context for {@link #of}. Connections are counted per address before any request is
 * read ({@link ConnectionGate}), so that count is always per TCP peer.
 *
 * <p>Threading: immutable, shared by every event loop.
 */
public final class ClientAddress implements Handler<RoutingContext> {
    private static final String CONTEXT_KEY = ClientAddress.class.getName();
    private static final String UNKNOWN = "unknown";

    private final List<Network> trustedProxies;

    /**
     * @param trustedProxies IP addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) of the
     *                       proxies whose forwarding headers are believed; empty believes none
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Network::parse).toList();
    }

    @Override
    public void handle(RoutingContext context) {
        context.put(CONTEXT_KEY, resolve(context.request().remoteAddress(), context.request().headers()));
        context.next();
    }

    /** The client's address as resolved for this request, or its peer's before resolution ran. */
    public static String of(RoutingContext context) {
        String resolved = context.get(CONTEXT_KEY);
        return resolved != null ? resolved : peer(context.request().remoteAddress());
    }

    /** The client's address for a request from {@code peer} with {@code headers}. */
    public String resolve(SocketAddress peer, MultiMap headers) {
        String peerAddress = peer(peer);
        byte[] peerBytes = address(peerAddress);
        if (peerBytes == null || !trusted(peerBytes)) {
            return peerAddress;
        }
        List<String> chain = List.of();
        List<String> forwarded = headers.getAll("Forwarded");
        if (!forwarded.isEmpty()) {
            chain = forwardedFor(String.join(",", forwarded));
            if (chain == null) {
                return peerAddress;
            }
        }
        if (chain.isEmpty()) {
            List<String> forwardedFor = headers.getAll("X-Forwarded-For");
            chain = forwardedFor.isEmpty() ? List.of() : xForwardedFor(String.join(",", forwardedFor));
            if (chain == null) {
                return peerAddress;
            }
        }
        return client(chain, peerAddress);
    }

    /** Right to left, the first node that is not a trusted proxy; the peer when a node is no address. */
    private String client(List<String> chain, String peerAddress) {
        byte[] leftmost = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            byte[] node = address(chain.get(i));
            if (node == null) {
                return peerAddress;
            }
            if (!trusted(node)) {
                return text(node);
            }
            leftmost = node;
        }
        return leftmost == null ? peerAddress : text(leftmost);
    }

    private boolean trusted(byte[] address) {
        for (Network network : trustedProxies) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String peer(SocketAddress peer) {
        String host = peer == null ? null : peer.hostAddress();
        if (host == null) {
            return UNKNOWN;
        }
        byte[] bytes = address(host);
        return bytes == null ? host : text(bytes);
    }

    /** The {@code for=} values of a Forwarded header in order; null when the header is malformed. */
    static List<String> forwardedFor(String header) {
        List<String> nodes = new ArrayList<>();
        int length = header.length();
        int i = 0;
        while (true) {
            i = skipSpaces(header, i);
            int nameStart = i;
            while (i < length && isTokenChar(header.charAt(i))) {
                i++;
            }
            if (i == nameStart || i >= length || header.charAt(i) != '=') {
                return null;
            }
            String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
            i++;
            StringBuilder value = new StringBuilder();
            if (i < length && header.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= length) {
                        return null;
                    }
                    char c = header.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i >= length) {
                            return null;
                        }
                        c = header.charAt(i++);
                    }
                    value.append(c);
                }
            } else {
                int valueStart = i;
                while (i < length && isTokenChar(header.charAt(i))) {
                    i++;
                }
                if (i == valueStart) {
                    return null;
                }
                value.append(header, valueStart, i);
            }
            if (name.equals("for")) {
                nodes.add(value.toString());
            }
            i = skipSpaces(header, i);
            if (i >= length) {
                return nodes;
            }
            char separator = header.charAt(i++);
            if (separator != ';' && separator != ',') {
                return null;
            }
        }
    }

    /** The entries of an X-Forwarded-For header in order; null when one is empty. */
    static List<String> xForwardedFor(String header) {
        List<String> nodes = new ArrayList<>();
        for (String entry : header.split(",", -1)) {
            String node = entry.trim();
            if (node.isEmpty()) {
                return null;
            }
            nodes.add(node);
        }
        return nodes;
    }

    /**
     * The bytes of a node: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
     * {@code [2001:db8::1]} or {@code [2001:db8::1]:4711}; null for anything else (names,
     * {@code unknown}, obfuscated identifiers, zone ids). Never a DNS lookup.
     */
    static byte[] address(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 || !isPortSuffix(node.substring(close + 1)) || node.indexOf(':') < 0
                    ? null : literal(node.substring(1, close));
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && colon == node.lastIndexOf(':')) {
            return isPortSuffix(node.substring(colon)) && NetUtil.isValidIpV4Address(node.substring(0, colon))
                    ? literal(node.substring(0, colon)) : null;
        }
        return literal(node);
    }

    /** The bytes of a bare IPv4 or IPv6 literal (no brackets, port or zone); null for anything else. */
    private static byte[] literal(String host) {
        if (host.indexOf('%') >= 0 || host.indexOf('[') >= 0
                || !(NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host))) {
            return null;
        }
        return ipv4Unmapped(NetUtil.createByteArrayFromIpAddressString(host));
    }

    private static boolean isPortSuffix(String text) {
        if (text.isEmpty()) {
            return true;
        }
        if (text.charAt(0) != ':' || text.length() < 2 || text.length() > 6
                || !text.substring(1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Integer.parseInt(text.substring(1)) <= 65_535;
    }

    /** {@code ::ffff:a.b.c.d} as the IPv4 address it carries, so one client has one identity. */
    private static byte[] ipv4Unmapped(byte[] address) {
        if (address == null || address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    private static String text(byte[] address) {
        return NetUtil.bytesToIpAddress(address);
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** An address block: its first {@code prefixBits} bits. */
    private record Network(byte[] bits, int prefixBits) {

        static Network parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            byte[] address = literal(host);
            if (address == null) {
                throw new IllegalArgumentException("trusted_proxies must list IP addresses or CIDR blocks"
                        + " (10.0.0.0/8, fd00::/8), got '" + text + "'");
            }
            boolean mapped = address.length == 4 && host.indexOf(':') >= 0;
            int maxBits = mapped ? 128 : address.length * 8;
            int prefixBits = maxBits;
            if (slash >= 0) {
                String prefix = trimmed.substring(slash + 1);
                if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > maxBits) {
                    throw new IllegalArgumentException("trusted_proxies: the prefix of '" + text
                            + "' must be a number of bits from 0 to " + maxBits);
                }
                prefixBits = Integer.parseInt(prefix);
            }
            if (mapped) {
                // Read as the IPv4 block it carries, since clients' mapped addresses are read as IPv4 too.
                if (prefixBits < 96) {
                    throw new IllegalArgumentException("trusted_proxies: an IPv4-mapped block needs a prefix of"
                            + " at least 96 bits, got '" + text + "'");
                }
                prefixBits -= 96;
            }
            return new Network(address, prefixBits);
        }

        boolean contains(byte[] address) {
            if (address.length != bits.length) {
                return false;
            }
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != bits[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (bits[whole] & mask);
        }
    }
}
