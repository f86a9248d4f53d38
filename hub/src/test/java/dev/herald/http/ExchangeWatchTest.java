package dev.herald.http;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which connections keep the watch in their pipeline: all but those upgraded to a WebSocket. */
class ExchangeWatchTest {
    private static EmbeddedChannel watched() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ExchangeWatch watch = new ExchangeWatch(channel, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10), ExchangeWatch.subscribePrefix("/.well-known/mercure"));
        channel.pipeline().addLast("heraldBytes", watch.bytes()).addLast("heraldExchanges", watch.messages());
        return channel;
    }

    private static void respond(EmbeddedChannel channel, HttpResponseStatus status) {
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status));
        ReferenceCountUtil.release(channel.readOutbound());
    }

    @Test
    void anUpgradedConnectionDropsTheWatchOnceTheSwitchIsWritten() {
        EmbeddedChannel channel = watched();
        respond(channel, HttpResponseStatus.SWITCHING_PROTOCOLS);
        assertNull(channel.pipeline().get("heraldBytes"));
        assertNull(channel.pipeline().get("heraldExchanges"));
        channel.finishAndReleaseAll();
    }

    @Test
    void anyOtherAnswerKeepsTheWatch() {
        EmbeddedChannel channel = watched();
        respond(channel, HttpResponseStatus.CONTINUE);
        respond(channel, HttpResponseStatus.OK);
        assertNotNull(channel.pipeline().get("heraldBytes"));
        assertNotNull(channel.pipeline().get("heraldExchanges"));
        channel.finishAndReleaseAll();
    }
}
