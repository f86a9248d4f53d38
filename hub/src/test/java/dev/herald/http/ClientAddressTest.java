package dev.herald.http;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client address: the TCP peer, unless the peer is a trusted proxy, whose Forwarded
 * (RFC 7239) or X-Forwarded-For header then names the client.
 */
class ClientAddressTest {
    private static final String PROXY = "10.0.0.5";
    private static final ClientAddress TRUSTING = new ClientAddress(List.of("10.0.0.0/24", "2001:db8:ff::/48"));

    private static SocketAddress peer(String ip) {
        try {
            // A literal: InetAddress parses it without any lookup.
            return SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.getByName(ip), 40_000));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static MultiMap headers(String... nameValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }

    private static String viaProxy(String... nameValues) {
        return TRUSTING.resolve(peer(PROXY), headers(nameValues));
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverItsHeadersSay() {
        ClientAddress none = new ClientAddress(List.of());
        assertEquals(PROXY, none.resolve(peer(PROXY), headers("X-Forwarded-For", "198.51.100.7",
                "Forwarded", "for=198.51.100.8")));
    }

    @Test
    void anUntrustedPeersHeadersAreIgnored() {
        assertEquals("192.0.2.99", TRUSTING.resolve(peer("192.0.2.99"), headers("X-Forwarded-For", "198.51.100.7",
                "Forwarded", "for=198.51.100.8")));
    }

    @Test
    void aTrustedPeerWithoutHeadersIsTheClient() {
        assertEquals(PROXY, viaProxy());
    }

    @Test
    void forwardedNamesTheClientWithQuotesPortsAndIpv6() {
        assertEquals("198.51.100.7", viaProxy("Forwarded", "for=198.51.100.7"));
        assertEquals("198.51.100.7", viaProxy("Forwarded", "For=\"198.51.100.7:4711\";proto=https;by=10.0.0.5"));
        assertEquals("2001:db8:cafe::17", viaProxy("Forwarded", "for=\"[2001:db8:cafe::17]:4711\""));
        assertEquals("2001:db8:cafe::17", viaProxy("Forwarded", "for=\"[2001:DB8:CAFE:0:0:0:0:17]\""));
        assertEquals("198.51.100.7", viaProxy("Forwarded", "proto=https;for=\"\\198.51.100.7\""),
                "a quoted-pair stands for its character");
    }

    @Test
    void forwardedChainsAreReadFromTheRightPastTrustedProxies() {
        assertEquals("198.51.100.7", viaProxy("Forwarded", "for=203.0.113.1, for=198.51.100.7, for=10.0.0.9"),
                "what the client wrote on the left is not believed");
        assertEquals("198.51.100.7", viaProxy("Forwarded", "for=203.0.113.1",
                "Forwarded", "for=198.51.100.7;proto=http, for=10.0.0.9"), "several headers form one list");
        assertEquals("10.0.0.9", viaProxy("Forwarded", "for=10.0.0.9, for=10.0.0.8"),
                "a request from a proxy itself: the left-most");
    }

    @Test
    void forwardedWinsOverXForwardedForUnlessItNamesNoClient() {
        assertEquals("198.51.100.7", viaProxy("Forwarded", "for=198.51.100.7", "X-Forwarded-For", "198.51.100.8"));
        assertEquals("198.51.100.8", viaProxy("Forwarded", "proto=https", "X-Forwarded-For", "198.51.100.8"));
    }

    @Test
    void xForwardedForChainsAreReadFromTheRightPastTrustedProxies() {
        assertEquals("198.51.100.7", viaProxy("X-Forwarded-For", "198.51.100.7"));
        assertEquals("198.51.100.7", viaProxy("X-Forwarded-For", "203.0.113.1, 198.51.100.7 ,10.0.0.9"));
        assertEquals("198.51.100.7", viaProxy("X-Forwarded-For", "203.0.113.1", "X-Forwarded-For", "198.51.100.7"));
        assertEquals("2001:db8::1", viaProxy("X-Forwarded-For", "2001:db8::1, 2001:db8:ff::3"),
                "an IPv6 proxy in the trusted block is skipped too");
        assertEquals("198.51.100.7", viaProxy("X-Forwarded-For", "198.51.100.7:51234"));
        assertEquals("2001:db8::1", viaProxy("X-Forwarded-For", "[2001:db8::1]:51234"));
        assertEquals("198.51.100.7", viaProxy("X-Forwarded-For", "::ffff:198.51.100.7"),
                "an IPv4-mapped address is its IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=", "for=\"198.51.100.7", "for=198.51.100.7;", "for 198.51.100.7", "=198.51.100.7",
            "for=198.51.100.7 garbage", "for=198.51.100.7,,for=198.51.100.8", "for=\"[2001:db8::1\"",
            "for=unknown", "for=_hidden", "for=\"198.51.100.7:99999\"", "for=\"[fe80::1%eth0]\"", "for=example.com"})
    void aForwardedHeaderThatNamesNoAddressLeavesThePeer(String header) {
        assertEquals(PROXY, viaProxy("Forwarded", header, "X-Forwarded-For", "198.51.100.8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " , ", "198.51.100.7,", "unknown", "example.com", "198.51.100.7:port",
            "1.2.3.4.5", "198.51.100.7, unknown", "[2001:db8::1", "999.0.0.1"})
    void aMalformedXForwardedForLeavesThePeer(String header) {
        assertEquals(PROXY, viaProxy("X-Forwarded-For", header));
    }

    @Test
    void aNodeThatIsNoAddressStopsTheChainAtThePeer() {
        assertEquals(PROXY, viaProxy("X-Forwarded-For", "198.51.100.7, unknown, 10.0.0.9"),
                "the client behind an unnamed hop is not known");
    }

    @Test
    void trustedBlocksMatchByTheirPrefixBits() {
        ClientAddress narrow = new ClientAddress(List.of("192.0.2.128/25", "2001:db8::/33", "198.51.100.1"));
        MultiMap forwarded = headers("X-Forwarded-For", "203.0.113.50");
        assertEquals("203.0.113.50", narrow.resolve(peer("192.0.2.200"), forwarded));
        assertEquals("192.0.2.127", narrow.resolve(peer("192.0.2.127"), forwarded));
        assertEquals("203.0.113.50", narrow.resolve(peer("2001:db8:7fff::1"), forwarded));
        assertEquals("2001:db8:8000::1", narrow.resolve(peer("2001:db8:8000::1"), forwarded));
        assertEquals("203.0.113.50", narrow.resolve(peer("198.51.100.1"), forwarded));
        assertEquals("198.51.100.2", narrow.resolve(peer("198.51.100.2"), forwarded));
        ClientAddress everyone = new ClientAddress(List.of("0.0.0.0/0"));
        assertEquals("203.0.113.50", everyone.resolve(peer("192.0.2.1"), forwarded));
        assertEquals("2001:db8::1", everyone.resolve(peer("2001:db8::1"), forwarded), "an IPv4 block holds no IPv6 peer");
        ClientAddress mapped = new ClientAddress(List.of("::ffff:192.0.2.0/120", "[::1]"));
        assertEquals("203.0.113.50", mapped.resolve(peer("192.0.2.9"), forwarded));
        assertEquals("203.0.113.50", mapped.resolve(peer("::1"), forwarded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "2001:db8::/129", "10.0.0.1:80", "10.0.0.0/x",
            "10.0.0.0/", "fe80::1%eth0", "::ffff:10.0.0.0/64", "*"})
    void aTrustedProxyThatIsNoAddressOrBlockIsRefused(String entry) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ClientAddress(List.of(entry)));
        assertTrue(refused.getMessage().contains("trusted_proxies"), refused.getMessage());
    }
}
