package dev.herald.core.urlpattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The WHATWG URL parser that URL patterns match against: the components it leaves, as the URL standard writes them. */
class WebUrlTest {

    /** protocol | username | password | hostname | port | pathname | search | hash */
    private static String components(String input, String base) {
        WebUrl url = WebUrl.parse(input, base == null ? null : WebUrl.parse(base, null));
        return url == null ? null : String.join("|", url.protocol(), url.username(), url.password(), url.hostname(),
                url.port(), url.pathname(), url.search(), url.hash());
    }

    private static String components(String input) {
        return components(input, null);
    }

    @Test
    void specialUrlsAreCanonicalised() {
        assertEquals("http|||example.com||/b|q|f", components("HTTP://EXAMPLE.COM:80/a/../b?q#f"));
        assertEquals("https|||example.com||/||", components("https://example.com"));
        assertEquals("https|||example.com||/a/b||", components("https://example.com\\a\\.\\b"));
        assertEquals("https|||example.com||/a/b||", components("  https://exa\tmple.com/a/%2e/b\n "));
        assertEquals("https|||example.com||/||", components("https://ex%41mple.com/"));
        assertEquals("https|||example.com.||/||", components("https://example.com./"));
        assertEquals("https|||x||/||", components("https:///x"));
        assertEquals("ws|||example.com||/||", components("ws://example.com:80"));
        assertEquals("wss|||example.com||/||", components("wss://example.com:443/"));
        assertEquals("ftp|||example.com||/||", components("ftp://example.com:21/"));
        assertEquals("https|||example.com|8080|/||", components("https://example.com:008080/"));
    }

    @Test
    void eachComponentHasItsPercentEncodeSet() {
        assertEquals("https|||example.com||/a%20b/c%20d%22%3C%3E%60%7B%7D|e%20f%27|g%20h%60",
                components("https://example.com/a b/c%20d\"<>`{}?e f'#g h`"));
        assertEquals("foo|||x||/|'|", components("foo://x/?'"));
        assertEquals("https|user|pa%20ss%3A|example.com||/||", components("https://user:pa ss:@example.com/"));
        assertEquals("http|ex%40mple||example.com||/||", components("http://ex@mple@example.com"));
        assertEquals("https|||example.com||/caf%C3%A9||", components("https://example.com/café"));
    }

    @Test
    void hostsAreDomainsOrAddresses() {
        assertEquals("127.0.0.1", host("http://0x7f.1/"));
        assertEquals("192.168.0.1", host("http://3232235521/"));
        assertEquals("[::1]", host("http://[0:0:0:0:0:0:0:1]/"));
        assertEquals("[1::2:0:0:3:0]", host("http://[1:0:0:2::3:0]/"));
        assertEquals("[::ffff:c0a8:1]", host("http://[::ffff:192.168.0.1]/"));
        assertEquals("xn--caf-dma.com", host("https://CAFÉ.com/"));
        assertEquals("Bar", host("foo://Bar/"), "an opaque host keeps its case");
        assertNull(components("http://192.168.0.257/"));
        assertNull(components("http://[::1/"));
        assertNull(components("http://[1::2::3]/"));
        assertNull(components("https://exa mple.com/"));
        assertNull(components("https://exa<mple.com/"));
        assertNull(components("https://example.com:65536/"));
        assertNull(components("https://example.com:8o/"));
        assertNull(components("https://"));
        assertNull(components("http://user@/"));
    }

    @Test
    void opaquePathsAndFiles() {
        assertEquals("urn|||||isbn:0451450523||", components("urn:isbn:0451450523"));
        assertEquals("data|||||text/plain,a b||", components("data:text/plain,a b"));
        assertEquals("file|||||/C:/y||", components("file:///C:/x/../y"));
        assertEquals("file|||||/etc||", components("file://localhost/etc"));
        assertEquals("file|||server||/share||", components("file://server/share"));
    }

    @Test
    void referencesResolveAgainstTheBase() {
        assertEquals("https|||example.com||/a/c|x|", components("../c?x", "https://example.com/a/b/"));
        assertEquals("https|||other.example||/x||", components("//other.example/x", "https://example.com/a"));
        assertEquals("https|||example.com||/a/b|q|", components("?q", "https://example.com/a/b?old#frag"));
        assertEquals("https|||example.com||/a/b|old|f", components("#f", "https://example.com/a/b?old"));
        assertEquals("https|||example.com||/a/d||", components("d", "https://example.com/a/b"));
        assertEquals("https|||example.com||/d||", components("/d", "https://example.com/a/b"));
        assertEquals("urn|||||x||f", components("#f", "urn:x"));
        assertNull(components("y", "urn:x"));
        assertNull(components("relative"));
    }

    private static String host(String input) {
        WebUrl url = WebUrl.parse(input, null);
        return url == null ? null : url.hostname();
    }
}
