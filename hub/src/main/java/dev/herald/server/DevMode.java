package dev.herald.server;

import dev.herald.auth.KeySource;
import dev.herald.config.AuthSettings;
import dev.herald.config.ConfigOption;
import dev.herald.config.HeraldConfig;
import io.jsonwebtoken.Jwts;

import javax.crypto.SecretKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code --dev}: a first run with nothing to set up. Generates a random HS256 key when none is
 * configured and prints tokens and a curl example that work against this very process.
 */
public final class DevMode {
    private DevMode() {
    }

    /** The configuration with a fresh random key for whichever role has none. */
    public static HeraldConfig prepare(HeraldConfig config) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        AuthSettings auth = config.auth();
        return config.withAuth(auth.withKeys(
                auth.publisherJwtKey().isBlank() ? key : auth.publisherJwtKey(),
                auth.subscriberJwtKey().isBlank() ? key : auth.subscriberJwtKey()));
    }

    /** What dev mode prints at start: tokens and commands to copy. */
    public static String banner(HeraldConfig config, int port) {
        String hub = "http://" + config.server().host() + ":" + port + "/.well-known/mercure";
        String publisher = token(config.auth().publisherJwtKey(), Map.of("publish", List.of("*")));
        String subscriber = token(config.auth().subscriberJwtKey(), Map.of("subscribe", List.of("*")));
        return """

                Development mode: anonymous subscribers allowed, keys generated for this run only.
                  publisher JWT:  %s
                  subscriber JWT: %s

                Subscribe (in one terminal):
                  curl -N '%s?topic=https://example.com/books/1'
                Publish (in another):
                  curl -d 'topic=https://example.com/books/1' -d 'data={"title":"Hello"}' \\
                       -H 'Authorization: Bearer %s' %s
                Or open http://%s:%d/ in a browser.
                """.formatted(publisher, subscriber, hub, publisher, hub, config.server().host(), port);
    }

    /** {@code --help}: usage and every option with its default. */
    public static String help() {
        StringBuilder out = new StringBuilder("""
                Usage: java -jar herald.jar [--config FILE] [--OPTION VALUE ...]

                Herald, a realtime pub/sub hub speaking the Mercure protocol.
                Settings come from the YAML file, then HERALD_* environment variables, then flags;
                each later source wins.

                  --config FILE  read settings from a YAML file (also HERALD_CONFIG)
                  --dev          try Herald now: no keys needed, tokens printed at start
                  --help         print this help

                Options (flag / environment variable, default):
                """);
        String section = "";
        for (ConfigOption option : ConfigOption.ALL) {
            if (!option.section().equals(section)) {
                section = option.section();
                out.append(String.format("%n [%s]%n", section));
            }
            out.append(String.format("  %-32s %s%n      %s (default: %s)%n", option.flag(), option.environmentVariable(),
                    option.help(), option.defaultValue().isEmpty() ? "none" : option.defaultValue()));
        }
        return out.toString();
    }

    private static String token(String key, Map<String, ?> mercureClaim) {
        if (!(KeySource.read("key", key).key() instanceof SecretKey secret)) {
            return "(sign your own: the configured key is a public key)";
        }
        return Jwts.builder().claim("mercure", mercureClaim).signWith(secret, Jwts.SIG.HS256).compact();
    }
}
