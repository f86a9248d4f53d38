package dev.herald.broker;

/**
 * A broker's answer to a health probe.
 *
 * @param up     true when publishes can be accepted and delivered now
 * @param detail what is wrong when {@code up} is false, else a short description
 */
public record BrokerHealth(boolean up, String detail) {
    public static BrokerHealth up(String detail) {
        return new BrokerHealth(true, detail);
    }

    public static BrokerHealth down(String detail) {
        return new BrokerHealth(false, detail);
    }
}
