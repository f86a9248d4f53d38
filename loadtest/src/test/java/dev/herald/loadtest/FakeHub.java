package dev.herald.loadtest;

import dev.herald.loadtest.measure.Payload;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A minimal Mercure hub (publish by form POST; subscribe over SSE or Herald's WebSocket frames
 * with {@code topic} parameters; resume by {@code Last-Event-ID}) that can be told to misbehave
 * in one way, so
 * the load tester's checks can be shown to catch each. Faults hit one chosen update. A hub
 * started with a publish limit is honest but slow beyond it, so the ramp's search has a known
 * answer; one that stalls, or answers every publish late, is honest but holds publishes up for
 * a known time, so the publisher's timing can be held to it. Like any HTTP/1.1 server it
 * answers each connection's pipelined requests one at a time, in order.
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

    /** Publishes scheduled within this trailing window are counted to judge the rate. */
    private static final long WINDOW_MICROS = TimeUnit.MILLISECONDS.toMicros(250);
    /** How late an update goes out while the hub is over its limit: far above any test's --p99-stop. */
    private static final long OVERLOAD_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private record Update(String id, String topic, String data) {
    }

    private record Subscriber(Set<String> topics, Consumer<Update> connection, boolean muted) {
    }

    private final Fault fault;
    private final Vertx vertx = Vertx.vertx();
    private final List<Update> history = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private Update held;
    private HttpServer server;
    /** Publishes per second beyond which every update is delivered late; infinite for no limit. */
    private final double limit;
    /** Scheduled send times (µs) of the publishes in the window. */
    private final ArrayDeque<Long> offered = new ArrayDeque<>();
    private long newestOffered;
    private final Payload.Fields fields = new Payload.Fields();
    /** Updates held back, in publish order, each with the time it is due. */
    private final ArrayDeque<Map.Entry<Long, Update>> late = new ArrayDeque<>();

    /** Publishes held by a stall, in arrival order, each to be handled once the stall ends. */
    private final ArrayDeque<Runnable> stalled = new ArrayDeque<>();
    private long publishesArrived;
    /** The publish that starts the stall (1-based), or 0 for none; and how long it lasts. */
    private long stallAt;
    private long stallMillis;
    private boolean stalling;
    /** How long every publish waits before it is delivered and answered. */
    private long answerDelayMillis;

    private FakeHub(Fault fault, double limit) {
        this.fault = fault;
        this.limit = limit;
    }

    /**
     * An honest hub that, when publish {@code atPublish} arrives, stops delivering and answering
     * for {@code millis}; then it handles what it held, in arrival order, and carries on.
     */
    static FakeHub stallingOnce(long atPublish, long millis) throws Exception {
        FakeHub hub = start(Fault.NONE);
        hub.stallAt = atPublish;
        hub.stallMillis = millis;
        return hub;
    }

    /** An honest hub that delivers and answers every publish {@code millis} after it arrives. */
    static FakeHub answeringAfter(long millis) throws Exception {
        FakeHub hub = start(Fault.NONE);
        hub.answerDelayMillis = millis;
        return hub;
    }

    static FakeHub start(Fault fault) throws Exception {
        return start(fault, Double.POSITIVE_INFINITY);
    }

    /**
     * An honest hub that delivers every update {@link #OVERLOAD_DELAY_NANOS} late while more
     * than {@code publishesPerSecond} were offered over the last {@link #WINDOW_MICROS}: judged on
     * the payloads' scheduled send times, so a publisher catching up after a pause of a busy
     * machine is not taken for a rate above the limit.
     */
    static FakeHub withLimit(double publishesPerSecond) throws Exception {
        FakeHub hub = start(Fault.NONE, publishesPerSecond);
        hub.vertx.setPeriodic(5, ignored -> hub.releaseLate());
        return hub;
    }

    private static FakeHub start(Fault fault, double limit) throws Exception {
        FakeHub hub = new FakeHub(fault, limit);
        hub.server = hub.vertx.createHttpServer().requestHandler(hub::handle).webSocketHandler(hub::subscribe)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return hub;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.POST) {
            request.setExpectMultipart(true);
            request.endHandler(ignored -> whenDue(() -> {
                String id = publish(request.getFormAttribute("topic"), request.getFormAttribute("data"));
                request.response().end(id);
            }));
        } else {
            subscribe(request);
        }
    }

    /** Handles a publish now, after the answer delay, or once a stall is over. */
    private synchronized void whenDue(Runnable handling) {
        publishesArrived++;
        if (publishesArrived == stallAt) {
            stalling = true;
            vertx.setTimer(stallMillis, ignored -> endStall());
        }
        if (stalling) {
            stalled.addLast(handling);
        } else if (answerDelayMillis > 0) {
            vertx.setTimer(answerDelayMillis, ignored -> handling.run());
        } else {
            handling.run();
        }
    }

    private synchronized void endStall() {
        stalling = false;
        while (!stalled.isEmpty()) {
            stalled.removeFirst().run();
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
                sendInTime(update);
                if (held != null && held.topic().equals(topic)) {
                    send(held, false);
                    held = null;
                }
            }
        }
        return update.id();
    }

    /** Sends now, unless the hub is over its limit or still holds earlier updates back. */
    private void sendInTime(Update update) {
        long now = System.nanoTime();
        // Two connections' publishes interleave out of order: the window ends at the newest seen.
        if (Payload.readNumbers(update.data().getBytes(StandardCharsets.US_ASCII), fields)) {
            newestOffered = Math.max(newestOffered, fields.sendMicros);
            offered.addLast(fields.sendMicros);
            offered.removeIf(scheduled -> scheduled < newestOffered - WINDOW_MICROS);
        }
        boolean over = offered.size() > limit * WINDOW_MICROS / 1e6;
        if (over || !late.isEmpty()) {
            late.addLast(Map.entry(over ? now + OVERLOAD_DELAY_NANOS : now, update));
        } else {
            send(update, false);
        }
    }

    private synchronized void releaseLate() {
        long now = System.nanoTime();
        while (!late.isEmpty() && late.peekFirst().getKey() <= now) {
            send(late.removeFirst().getValue(), false);
        }
    }

    private void send(Update update, boolean toEveryone) {
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.muted() && (toEveryone || subscriber.topics().contains(update.topic()))) {
                subscriber.connection().accept(update);
            }
        }
    }

    private synchronized void subscribe(HttpServerRequest request) {
        HttpServerResponse response = request.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream");
        response.write(":\n\n");
        Subscriber subscriber = register(new HashSet<>(request.params().getAll("topic")), request.getHeader("Last-Event-ID"),
                update -> response.write("id: " + update.id() + "\ndata: " + update.data() + "\n\n"));
        request.connection().closeHandler(ignored -> unregister(subscriber));
    }

    /** Herald's WebSocket frames: one JSON text message per update. */
    private synchronized void subscribe(ServerWebSocket socket) {
        List<String> topics = new ArrayList<>();
        for (String pair : socket.query().split("&")) {
            if (pair.startsWith("topic=")) {
                topics.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
            }
        }
        Subscriber subscriber = register(new HashSet<>(topics), socket.headers().get("Last-Event-ID"),
                update -> socket.writeTextMessage(new JsonObject().put("type", "update").put("id", update.id())
                        .put("data", update.data()).encode()));
        socket.closeHandler(ignored -> unregister(subscriber));
    }

    /** Replays what follows {@code lastEventId} on the topics, then adds the subscriber to the live ones. */
    private Subscriber register(Set<String> topics, String lastEventId, Consumer<Update> connection) {
        Subscriber subscriber = new Subscriber(topics, connection,
                fault == Fault.MUTE_LATE_SUBSCRIBERS && !history.isEmpty());
        if (lastEventId != null) {
            int replayed = 0;
            boolean after = false;
            for (Update update : history) {
                if (after && topics.contains(update.topic())
                        && !(fault == Fault.LOSE_IN_REPLAY && ++replayed == CHOSEN)) {
                    connection.accept(update);
                }
                after = after || update.id().equals(lastEventId);
            }
        }
        subscribers.add(subscriber);
        return subscriber;
    }

    private synchronized void unregister(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
