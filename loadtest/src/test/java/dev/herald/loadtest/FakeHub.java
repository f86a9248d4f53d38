package dev.herald.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Mercure hub speaking SSE (publish by form POST, subscribe by GET with {@code topic}
 * parameters, resume by {@code Last-Event-ID}) that can be told to misbehave in one way, so
 * the load tester's checks can be shown to catch each. Faults hit one chosen update.
 */
final class FakeHub implements AutoCloseable {

    /** How the hub misbehaves. */
    enum Fault {
        NONE,
        /** The chosen update reaches nobody. */
        LOSE,
        /** The chosen update is sent twice. */
        DUPLICATE,
        /** The chosen update is held back and sent after the next update on its topic. */
        REORDER,
        /** The chosen update also goes to every subscriber of the other topics. */
        FOREIGN_TOPIC,
        /** The chosen update's payload is changed by one character. */
        ALTERED_PAYLOAD,
        /** Subscribers that connect once anything has been published get nothing. */
        MUTE_LATE_SUBSCRIBERS,
        /** Resuming subscribers miss one event of their replay. */
        LOSE_IN_REPLAY
    }

    /** The update a fault hits: late enough that every subscriber is in place. */
    private static final int CHOSEN = 10;

    private record Update(String id, String topic, String data) {
    }

    private record Subscriber(Set<String> topics, HttpServerResponse response, boolean muted) {
    }

    private final Fault fault;
    private final Vertx vertx = Vertx.vertx();
    private final List<Update> history = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private Update held;
    private HttpServer server;

    private FakeHub(Fault fault) {
        this.fault = fault;
    }

    static FakeHub start(Fault fault) throws Exception {
        FakeHub hub = new FakeHub(fault);
        hub.server = hub.vertx.createHttpServer().requestHandler(hub::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return hub;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.POST) {
            request.setExpectMultipart(true);
            request.endHandler(ignored -> {
                String id = publish(request.getFormAttribute("topic"), request.getFormAttribute("data"));
                request.response().end(id);
            });
        } else {
            subscribe(request);
        }
    }

    private synchronized String publish(String topic, String data) {
        Update update = new Update("id-" + (history.size() + 1), topic, data);
        history.add(update);
        boolean chosen = history.size() == CHOSEN;
        switch (chosen ? fault : Fault.NONE) {
            case LOSE -> { }
            case DUPLICATE -> {
                send(update, false);
                send(update, false);
            }
            case REORDER -> held = update;
            case FOREIGN_TOPIC -> send(update, true);
            case ALTERED_PAYLOAD -> send(new Update(update.id(), topic, data.substring(0, data.length() - 1) + "y"), false);
            default -> {
                send(update, false);
                if (held != null && held.topic().equals(topic)) {
                    send(held, false);
                    held = null;
                }
            }
        }
        return update.id();
    }

    private void send(Update update, boolean toEveryone) {
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.muted() && (toEveryone || subscriber.topics().contains(update.topic()))) {
                write(subscriber.response(), update);
            }
        }
    }

    private synchronized void subscribe(HttpServerRequest request) {
        Set<String> topics = new HashSet<>(request.params().getAll("topic"));
        HttpServerResponse response = request.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream");
        response.write(":\n\n");
        Subscriber subscriber = new Subscriber(topics, response,
                fault == Fault.MUTE_LATE_SUBSCRIBERS && !history.isEmpty());
        String lastEventId = request.getHeader("Last-Event-ID");
        if (lastEventId != null) {
            int replayed = 0;
            boolean after = false;
            for (Update update : history) {
                if (after && topics.contains(update.topic())
                        && !(fault == Fault.LOSE_IN_REPLAY && ++replayed == CHOSEN)) {
                    write(response, update);
                }
                after = after || update.id().equals(lastEventId);
            }
        }
        subscribers.add(subscriber);
        request.connection().closeHandler(ignored -> {
            synchronized (this) {
                subscribers.remove(subscriber);
            }
        });
    }

    private static void write(HttpServerResponse response, Update update) {
        response.write("id: " + update.id() + "\ndata: " + update.data() + "\n\n");
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
