package dev.herald.testing;

import io.vertx.core.MultiMap;

/** A complete HTTP response: status, headers and the body as UTF-8 text. */
public record HttpResult(int status, MultiMap headers, String body) {

    public String header(String name) {
        return headers.get(name);
    }

    public String contentType() {
        return headers.get("Content-Type");
    }

    @Override
    public String toString() {
        return status + " " + headers.entries() + " " + body;
    }
}
