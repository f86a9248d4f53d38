package dev.herald.loadtest.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscriber sockets from a source address leave the choice of their port to connect: bound at
 * bind time, a churning run's connects stalled the generator's loop for up to a second each while
 * the kernel scanned past ports held in TIME_WAIT.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionsTest {

    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSubscriberSocketFromASourceAddressTakesItsPortAtConnect() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        assumeTrue(vertx.isNativeTransportEnabled(), "epoll is not available here");
        NetServer server = vertx.createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        URI url = URI.create("http://127.0.0.1:" + server.actualPort());
        Connections connections = new Connections(vertx, vertx, List.of(url), url, List.of("127.0.0.3"), 5000);

        Channel channel = connections.connectSubscriber(0, new ChannelInboundHandlerAdapter()).sync().channel();

        assertTrue(channel.config().getOption(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT));
        assertEquals("127.0.0.3", ((InetSocketAddress) channel.localAddress()).getHostString());
        channel.close().sync();
    }
}
