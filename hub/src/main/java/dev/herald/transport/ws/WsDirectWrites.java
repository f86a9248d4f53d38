package dev.herald.transport.ws;

import io.netty.channel.Channel;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.logging.Logger;

/**
 * Gives an upgraded WebSocket connection the direct writes Vert.x's strict thread mode gives HTTP
 * connections. Vert.x 5 creates the WebSocket's connection with an outbound queue whatever the
 * server's options say, and that queue's first chunk alone is a 1 025-slot array: about 4 KiB for
 * every idle connection. Herald writes only from the connection's event loop, where the queue never
 * holds anything (a write made on the loop goes straight to the channel, and Netty's outbound
 * buffer bounds it), so the queue is replaced with Vert.x's own direct one right after the upgrade,
 * before anything is written.
 *
 * <p>This reaches into Vert.x internals ({@code VertxConnection.outboundMessageQueue} and
 * {@code VertxConnection$DirectOutboundMessageQueue}, Vert.x 5.0); {@code DirectWritesTest} fails
 * if they change. Should they be missing, the connection keeps its queue: it works the same and
 * costs the 4 KiB, and a warning says so once.
 *
 * <p>Threading: call on the connection's event loop.
 */
final class WsDirectWrites {
    private static final Logger LOG = Logger.getLogger(WsDirectWrites.class.getName());
    private static final Field QUEUE;
    private static final Constructor<?> DIRECT;

    static {
        Field queue = null;
        Constructor<?> direct = null;
        try {
            queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
            queue.setAccessible(true);
            direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
                    .getDeclaredConstructor(VertxConnection.class);
            direct.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            LOG.warning("WebSocket connections keep Vert.x's outbound queue (~4 KiB each): " + unavailable);
            queue = null;
            direct = null;
        }
        QUEUE = queue;
        DIRECT = direct;
    }

    private WsDirectWrites() {
    }

    /** Replaces the outbound queue of the WebSocket connection on {@code channel}; false if it could not. */
    static boolean install(Channel channel) {
        if (QUEUE == null || !(channel.pipeline().get(VertxHandler.class) instanceof VertxHandler<?> handler)) {
            return false;
        }
        VertxConnection connection = handler.getConnection();
        try {
            QUEUE.set(connection, DIRECT.newInstance(connection));
            return true;
        } catch (ReflectiveOperationException | RuntimeException failed) {
            return false;
        }
    }
}
