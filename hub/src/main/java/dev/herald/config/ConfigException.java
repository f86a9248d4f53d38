package dev.herald.config;

/** The configuration is unusable; the message says which option and what to set. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
