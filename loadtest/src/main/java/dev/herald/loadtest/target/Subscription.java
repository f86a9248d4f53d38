package dev.herald.loadtest.target;

import io.vertx.core.Future;

/** A live subscription; closing it closes its connection. */
public interface Subscription {

    Future<Void> close();
}
