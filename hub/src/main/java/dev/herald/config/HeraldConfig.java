package dev.herald.config;

/**
 * Herald's validated configuration, one record per concern; each part goes only to the code that
 * needs it. Built by {@link ConfigLoader}; every option is documented once, in
 * {@link ConfigOption#ALL} (which {@code --help} prints) and in {@code config/herald.yaml}.
 */
public record HeraldConfig(
        ServerSettings server,
        LoggingSettings logging,
        ConnectionSettings connections,
        AuthSettings auth,
        HistorySettings history,
        RedisSettings redis,
        SubscriberSettings subscribers,
        PublishSettings publish,
        WebSocketSettings webSocket,
        LongPollSettings longPoll) {

    /** The same configuration with other auth settings, as dev mode does. */
    public HeraldConfig withAuth(AuthSettings newAuth) {
        return new HeraldConfig(server, logging, connections, newAuth, history, redis, subscribers, publish, webSocket, longPoll);
    }
}
