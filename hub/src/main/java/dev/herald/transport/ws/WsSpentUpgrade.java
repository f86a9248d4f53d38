package dev.herald.transport.ws;

import io.netty.channel.Channel;
import io.vertx.core.net.impl.VertxHandler;

import java.lang.reflect.Field;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Lets go of the upgrade request once a WebSocket is running. Vert.x's WebSocket handler keeps the
 * function that built its connection, and that function holds the handshake, hence the HTTP
 * request, its response, the HTTP connection it came on (with its pipeline context and handler),
 * the request's body buffer and handlers, and through them Vert.x Web's routing context: about
 * 2.4 KiB per idle connection, for a function Netty called once, when the handler was added. The
 * socket keeps what it needs (path, query, headers) in fields of its own.
 *
 * <p>This reaches into Vert.x internals ({@code VertxHandler.connectionFactory}, Vert.x 5.0);
 * {@code DirectWritesTest} fails if it changes. Should it be missing, the connection keeps the
 * request: it works the same and costs the 2.4 KiB, and a warning says so once.
 *
 * <p>Threading: call on the connection's event loop, after the upgrade.
 */
final class WsSpentUpgrade {
    private static final Logger LOG = Logger.getLogger(WsSpentUpgrade.class.getName());
    private static final Field FACTORY;
    /** Never called: the handler is in the pipeline already, and is never added again. */
    private static final Function<Object, Object> SPENT = context -> {
        throw new IllegalStateException("a WebSocket handler was added to a pipeline twice");
    };

    static {
        Field factory = null;
        try {
            factory = VertxHandler.class.getDeclaredField("connectionFactory");
            factory.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            LOG.warning("WebSocket connections keep their upgrade request (~2.4 KiB each): " + unavailable);
            factory = null;
        }
        FACTORY = factory;
    }

    private WsSpentUpgrade() {
    }

    /** Drops the upgrade's leftovers from the WebSocket connection on {@code channel}; false if it could not. */
    static boolean release(Channel channel) {
        if (FACTORY == null || !(channel.pipeline().get(VertxHandler.class) instanceof VertxHandler<?> handler)) {
            return false;
        }
        try {
            FACTORY.set(handler, SPENT);
            return true;
        } catch (ReflectiveOperationException | RuntimeException failed) {
            return false;
        }
    }
}
