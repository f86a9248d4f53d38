package dev.herald;

import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.server.DevMode;
import dev.herald.server.HeraldServer;
import dev.herald.server.Logging;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Entry point: load the configuration, start the hub, drain and stop it on SIGTERM. */
public final class Herald {
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
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, started.server().shutdownTimeout())));
        });
    }

    /**
     * Drains the hub on SIGTERM, and exits after {@code shutdown_timeout} even if a part hangs:
     * with 0 after a complete drain (a stop asked for, done), else 1. Halting from the hook sets
     * the status; the JVM would otherwise report the signal (143).
     */
    private static void stop(HeraldServer server, Duration shutdownTimeout) {
        int status = 0;
        try {
            server.drain().toCompletionStage().toCompletableFuture().get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.err.println("herald: stopped without finishing the drain: " + e);
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
