package dev.herald.loadtest.target;

import java.net.URI;

/** A server's address, from a base URL such as {@code http://127.0.0.1:8080}. */
public record Endpoint(String host, int port) {

    public static Endpoint of(URI url) {
        return new Endpoint(url.getHost(), url.getPort() > 0 ? url.getPort() : 80);
    }
}
