package dev.herald.hardening;

import dev.herald.testing.Probe;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests whose framing a proxy and the hub could read differently, and the HTTP versions and
 * spellings the hub does not serve: each is refused with a status and a reason, and nothing
 * smuggled behind one is ever executed.
 */
class HttpParsingTest {
    private static final String SMUGGLED = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static RawHttp.Exchange send(String request) {
        return RawHttp.exchange(hub, request.getBytes(StandardCharsets.ISO_8859_1), false, 3_000);
    }

    /** A 400 with {@code reason}, the connection closed, and no second response (nothing smuggled ran). */
    private static void assertRefusedAlone(RawHttp.Exchange exchange, String reason) {
        assertEquals(400, exchange.status(), exchange.response());
        assertTrue(exchange.body().contains(reason), exchange.response());
        assertTrue(exchange.closedByHub(), "the connection stays open after a framing error");
        assertEquals(1, exchange.response().split("HTTP/1\\.[01] ", -1).length - 1,
                "a request smuggled in the body was answered: " + exchange.response());
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedAndItsBodyNeverRuns() {
        // A front proxy that trusts Content-Length forwards all of it as one request's body.
        String body = "0\r\n\r\n" + SMUGGLED;
        RawHttp.Exchange exchange = send("POST /.well-known/mercure HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        assertRefusedAlone(exchange, "both Content-Length and Transfer-Encoding");
        Probe.assertResponsive(hub);
    }

    @Test
    void aTransferEncodingOtherThanChunkedIsRefused() {
        // A proxy that reads "xchunked" as chunked sees one request; a lenient hub sees two.
        RawHttp.Exchange exchange = send("POST /.well-known/mercure HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: xchunked\r\n\r\n" + "0\r\n\r\n" + SMUGGLED);
        assertRefusedAlone(exchange, "Transfer-Encoding");
        assertRefusedAlone(send("POST /.well-known/mercure HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n"), "Transfer-Encoding");
    }

    @Test
    void aSecondHostHeaderIsRefused() {
        assertRefusedAlone(send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n"),
                "more than one Host");
    }

    @Test
    void expectContinueIsAnsweredOnceTheDeclaredBodyFits() throws IOException {
        byte[] body = "topic=https%3A%2F%2Fexample.com%2Fcontinue&data=hi".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            socket.setSoTimeout(3_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /.well-known/mercure HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + hub.tokens().publisher("*") + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String interim = readUntil(in, "\r\n\r\n");
            assertTrue(interim.startsWith("HTTP/1.1 100 Continue"), interim);
            out.write(body);
            out.flush();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        }
    }

    @Test
    void expectContinueWithATooLargeBodyGets413WithoutContinue() {
        RawHttp.Exchange exchange = send("POST /.well-known/mercure HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
                + "Content-Length: 999999999\r\n\r\n");
        assertEquals(413, exchange.status(), exchange.response());
        assertFalse(exchange.response().contains("100 Continue"), exchange.response());
    }

    @Test
    void anHttp10SubscriptionToTheEventStreamGets426() {
        RawHttp.Exchange exchange = send("GET /.well-known/mercure?topic=a HTTP/1.0\r\nAccept: text/event-stream\r\n\r\n");
        assertEquals(426, exchange.status(), exchange.response());
        assertTrue(exchange.response().contains("Upgrade: HTTP/1.1"), exchange.response());
        assertTrue(exchange.body().contains("proxy_http_version 1.1"), exchange.response());
    }

    @Test
    void cleartextHttp2IsNotSpoken() {
        // An h2c upgrade is ignored: the request is served over HTTP/1.1.
        RawHttp.Exchange upgrade = send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertEquals(200, upgrade.status(), upgrade.response());
        assertFalse(upgrade.response().contains("101"), upgrade.response());
        // The prior-knowledge preface is read as a malformed HTTP/1 request, refused and closed.
        RawHttp.Exchange preface = send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertTrue(preface.response().startsWith("HTTP/"), "not an HTTP/1 answer: " + preface.response());
        assertTrue(preface.closedByHub(), preface.response());
    }

    @Test
    void otherSpellingsOfTheHubPathAreNotFound() {
        for (String path : new String[] {"//.well-known/mercure", "/.well-known/mercure/", "/x/%2e%2e/.well-known/mercure",
                "/x/../.well-known/mercure", "/.well-known/%6dercure", "/.well-known//mercure", "/healthz/"}) {
            RawHttp.Exchange exchange = send("GET " + path + "?topic=a HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n");
            assertEquals(404, exchange.status(), path + ": " + exchange.response());
        }
        assertEquals(200, send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status());
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        int next;
        while (!text.toString().endsWith(end) && (next = in.read()) >= 0) {
            text.append((char) next);
        }
        return text.toString();
    }
}
