package dev.herald.server;

import dev.herald.auth.TokenVerifier;
import dev.herald.broker.Broker;
import dev.herald.config.HeraldConfig;

/**
 * The parts every event loop shares, built once by {@link HeraldServer}.
 *
 * @param subscriberVerifier null when no subscriber key is configured (anonymous-only hub)
 */
public record HubServices(HeraldConfig config, Broker broker, TokenVerifier publisherVerifier,
                          TokenVerifier subscriberVerifier, String version) {
}
