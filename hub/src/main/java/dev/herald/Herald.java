package dev.herald;

import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.server.DevMode;
import dev.herald.server.HeraldServer;
import dev.herald.server.Logging;

import java.util.concurrent.TimeUnit;

/** Entry point: load the configuration, start the hub, stop it cleanly on SIGTERM. */
public final class Herald {
    /** How long a stop may take before the process exits anyway. */
    private static final long STOP_SECONDS = 10;

    private Herald() {
    }

    public static void main(String[] args) {
        if (ConfigLoader.wantsHelp(args)) {
            System.out.println(DevMode.help());
            return;
        }
        HeraldConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
            if (config.server().dev()) {
                config = DevMode.prepare(config);
            }
        } catch (ConfigException e) {
            System.err.println("herald: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logging.apply(config.logging());
        HeraldConfig started = config;
        HeraldServer.start(config).onComplete(result -> {
            if (result.failed()) {
                System.err.println("herald: " + result.cause().getMessage());
                System.exit(result.cause() instanceof ConfigException ? 2 : 1);
                return;
            }
            HeraldServer server = result.result();
            System.out.println("herald " + HeraldServer.version() + " listening on http://"
                    + started.server().host() + ":" + server.port() + "/.well-known/mercure");
            if (started.server().dev()) {
                System.out.println(DevMode.banner(started, server.port()));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
        });
    }

    /** Stops the hub on SIGTERM, but exits after {@link #STOP_SECONDS} even if a part hangs. */
    private static void stop(HeraldServer server) {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("herald: stopped without finishing: " + e);
        }
    }
}
