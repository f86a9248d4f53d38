package dev.herald;

import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.server.DevMode;
import dev.herald.server.HeraldServer;

/** Entry point: load the configuration, start the hub, stop it cleanly on SIGTERM. */
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
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
                    server.close().toCompletionStage().toCompletableFuture().join()));
        });
    }
}
