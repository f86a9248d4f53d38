package dev.herald.server;

import dev.herald.config.ServerSettings;
import dev.herald.http.ClientError;
import dev.herald.http.ConnectionGate;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;

/**
 * Takes a node out of service before it stops (SIGTERM, or {@link HeraldServer#drain}), so its
 * clients move to the other nodes without losing an update:
 * <ol>
 *   <li>at once, {@code /readyz} answers 503, new connections are refused with 503 and
 *       {@code Retry-After} ({@link ConnectionGate#closeDoor}), and so is a subscribe or publish
 *       arriving on a connection kept alive; publishes already in flight finish;</li>
 *   <li>long-polls answer at once; SSE streams (ending with a {@code retry:} hint) and WebSockets
 *       (close code 1012) end each at a random moment within {@code drain_window}, live until then;</li>
 *   <li>at the window's end the listener closes, and with it every idle connection, busy ones
 *       after their current response;</li>
 *   <li>connections still open halfway between the window's end and {@code shutdown_timeout} (a
 *       client that never reads its close frame) are cut; the other half is for the broker and
 *       Vert.x to stop.</li>
 * </ol>
 * Refusing at the door rather than closing the listener at once keeps {@code /readyz} readable
 * on the connections a load balancer's probe keeps open.
 *
 * <p>Threading: {@link #run} from any thread; {@link #draining} is read by every loop.
 */
final class Drain {
    private final ServerSettings settings;
    private final ConnectionGate gate;
    private volatile boolean draining;

    Drain(ServerSettings settings, ConnectionGate gate) {
        this.settings = settings;
        this.gate = gate;
    }

    boolean draining() {
        return draining;
    }

    /** Drains every loop; completes once each loop's connections are closed. */
    Future<Void> run(List<HubVerticle> verticles) {
        draining = true;
        gate.closeDoor();
        Duration window = settings.drainWindow();
        long cutMillis = window.toMillis() + (settings.shutdownTimeout().toMillis() - window.toMillis()) / 2;
        return Future.join(verticles.stream().map(verticle -> verticle.drain(window, cutMillis)).toList()).mapEmpty();
    }

    /** Refuses requests while draining; they are better served by another node. */
    Handler<RoutingContext> refuseWhileDraining() {
        return context -> {
            if (draining) {
                context.response().putHeader("Connection", "close");
                ClientError.sendUnavailable(context.response(), ConnectionGate.DRAINING);
            } else {
                context.next();
            }
        };
    }
}
