package dev.herald.loadtest.target;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.wire.PublisherJwt;

/** Builds the adapter for {@code --target}. */
public final class Targets {

    private Targets() {
    }

    public static Target create(Options options, Connections connections) {
        return create(options, options.transport(), connections);
    }

    /** The same server over another transport (the catch-up scenario records event ids over SSE). */
    public static Target create(Options options, TransportKind transport, Connections connections) {
        return switch (options.target()) {
            case HERALD -> new HeraldTarget(connections, transport, publisherJwt(options));
            case NCHAN -> new NchanTarget(connections, transport);
            case SOCKETIO -> new SocketIoTarget(connections);
        };
    }

    private static String publisherJwt(Options options) {
        if (options.jwt() != null) {
            return options.jwt();
        }
        if (options.jwtKey() != null) {
            return PublisherJwt.mint(options.jwtKey());
        }
        throw new IllegalArgumentException("herald needs --jwt-key (or a ready --jwt) to publish");
    }
}
