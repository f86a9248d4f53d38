package dev.herald.server;

import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --dev}: loopback only, anonymous subscribers, a generated key, and printed tokens that work.
 * Outside dev mode the hub refuses to start without keys and says what to set.
 */
class DevModeTest {

    private static String tokenAfter(String banner, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + "\\s+(\\S+)").matcher(banner);
        assertTrue(matcher.find(), banner);
        return matcher.group(1);
    }

    @Test
    void devModeBindsLoopbackAndAllowsAnonymousSubscribers() {
        HeraldConfig config = ConfigLoader.load(new String[] {"--dev"}, Map.of());
        assertEquals("127.0.0.1", config.server().host());
        assertEquals(8080, config.server().port());
        assertTrue(config.auth().anonymous());
    }

    @Test
    void devModeGeneratesAKeyAndPrintsTokensThatWork() {
        HeraldConfig config = DevMode.prepare(ConfigLoader.load(
                new String[] {"--dev", "--listen", "127.0.0.1:0", "--event-loops", "2"}, Map.of()));
        assertTrue(config.auth().publisherJwtKey().length() >= 32);
        try (TestHub hub = TestHub.start(config)) {
            String banner = DevMode.banner(config, hub.port());
            String publisher = tokenAfter(banner, "publisher JWT:");
            String subscriber = tokenAfter(banner, "subscriber JWT:");
            assertTrue(banner.contains(hub.hubUrl()), banner);
            String topic = "https://example.com/books/1";
            try (SseClient anonymous = hub.subscribe(topic);
                 SseClient granted = hub.subscriber().token(subscriber).topics(topic).open()) {
                assertEquals(200, anonymous.status());
                assertEquals(200, granted.status());
                String secret = hub.publish().token(publisher).topic(topic).data("{\"title\":\"Hello\"}").privately()
                        .sendOk();
                String open = hub.publish().token(publisher).topic(topic).data("public").sendOk();
                assertEquals(secret, granted.next().id());
                assertEquals(open, granted.next().id());
                assertEquals(open, anonymous.next().id());
            }
        }
    }

    @Test
    void eachDevRunGetsItsOwnKey() {
        HeraldConfig config = ConfigLoader.load(new String[] {"--dev"}, Map.of());
        assertNotEquals(DevMode.prepare(config).auth().publisherJwtKey(), DevMode.prepare(config).auth().publisherJwtKey());
    }

    @Test
    void devModeKeepsConfiguredKeys() {
        HeraldConfig config = DevMode.prepare(ConfigLoader.load(
                new String[] {"--dev", "--publisher-jwt-key", TestHub.KEY}, Map.of()));
        assertEquals(TestHub.KEY, config.auth().publisherJwtKey());
    }

    @Test
    void hubWithoutKeysOutsideDevModeRefusesToStartAndSaysWhatToSet() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TestHub.builder().noDefaultKeys().start());
        assertTrue(refused.getMessage().contains("publisher_jwt_key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--dev"), refused.getMessage());
    }

    @Test
    void hubWithoutSubscriberKeyRefusesToStartUnlessAnonymous() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TestHub.builder().noDefaultKeys().args("--publisher-jwt-key", TestHub.KEY).start());
        assertTrue(refused.getMessage().contains("subscriber_jwt_key"), refused.getMessage());
    }

    @Test
    void helpListsEveryOption() {
        String help = DevMode.help();
        for (var option : dev.herald.config.ConfigOption.ALL) {
            assertTrue(help.contains(option.flag()), option.flag());
            assertTrue(help.contains(option.environmentVariable()), option.environmentVariable());
        }
    }
}
