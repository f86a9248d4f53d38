package dev.herald.loadtest.calibrate;

import dev.herald.loadtest.measure.Micros;
import dev.herald.loadtest.measure.Payload;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server that writes well-formed Herald events to every subscriber as fast as its socket
 * takes them, for the load tester to measure its own receiving ceiling against: SSE (chunked
 * {@code text/event-stream}) or, on an upgrade, WebSocket text frames with Herald's JSON, the
 * run's payload format and size, topic 0, publisher 0, each connection its own sequence from 1.
 * Events go out in batches, so the blaster spends little per event; it prints
 * {@code listening <port>} once, then {@code written <events>} every {@value #REPORT_MILLIS} ms.
 * Subscribers are answered at once, but writing starts only when a line {@code go} comes on
 * standard input: connecting 1 000 subscribers must not queue behind the first ones' events.
 * Paced (a second argument, events per second per connection), it writes instead one event per
 * write to every connection on each tick, so that each reaches the reader in a read of its own,
 * as a hub's events do at moderate rates.
 * One event loop; run in its own process, pinned apart from the generator.
 */
public final class Blaster {

    static final int REPORT_MILLIS = 200;
    /** Events per write: enough that the blaster's cost per event is small next to the reader's. */
    private static final int BATCH_EVENTS = 32;
    private static final int BATCHES_IN_FLIGHT = 4;
    private static final String ID_PREFIX = "urn:uuid:00000000-0000-4000-8000-";
    private static final String ZEROS = "000000000000";

    private final Payload payload;
    /** Events per second per connection; 0 writes as fast as the sockets take them. */
    private final int pace;
    private final List<Connection> paced = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    /** Answered subscribers waiting for {@code go}; null once writing started. Confined to the event loop. */
    private List<Connection> waiting = new ArrayList<>();

    private Blaster(int payloadBytes, int pace) {
        this.payload = new Payload(payloadBytes);
        this.pace = pace;
    }

    /** {@code Blaster [payload bytes [events per second per connection]]}: listens on a free loopback port until killed. */
    public static void main(String[] args) {
        Blaster blaster = new Blaster(args.length > 0 ? Integer.parseInt(args[0]) : 100,
                args.length > 1 ? Integer.parseInt(args[1]) : 0);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
                .setPreferNativeTransport(!Boolean.getBoolean("loadtest.nio")));
        vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .connectHandler(socket -> new Connection(blaster, socket))
                .listen()
                .onSuccess(server -> {
                    awaitGo(vertx, blaster);
                    System.out.println("listening " + server.actualPort());
                    vertx.setPeriodic(REPORT_MILLIS, ignored -> System.out.println("written " + blaster.written.get()));
                })
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    private static void awaitGo(Vertx vertx, Blaster blaster) {
        Thread stdin = new Thread(() -> {
            try (BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
                for (String line = input.readLine(); line != null; line = input.readLine()) {
                    if (line.trim().equals("go")) {
                        vertx.runOnContext(ignored -> blaster.go());
                        return;
                    }
                }
            } catch (IOException e) {
                System.exit(1);
            }
        }, "blaster-stdin");
        stdin.setDaemon(true);
        stdin.start();
    }

    private void go() {
        List<Connection> ready = waiting;
        waiting = null;
        ready.forEach(Connection::blast);
        if (pace > 0) {
            Vertx.currentContext().owner().setPeriodic(Math.max(1, 1000 / pace), ignored -> paced.forEach(Connection::writeOne));
        }
    }

    /** One subscriber: reads the request head, answers it, then writes until the socket pushes back. */
    private static final class Connection {

        private final Blaster blaster;
        private final NetSocket socket;
        private final Context context = Vertx.currentContext();
        private Buffer head = Buffer.buffer();
        private boolean webSocket;
        private long sequence;

        Connection(Blaster blaster, NetSocket socket) {
            this.blaster = blaster;
            this.socket = socket;
            socket.handler(this::onRequestBytes);
            socket.exceptionHandler(ignored -> socket.close());
        }

        private void onRequestBytes(Buffer bytes) {
            if (head == null) {
                return; // What a subscriber sends after its request (pongs, frames) is not read.
            }
            head.appendBuffer(bytes);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            head = null;
            String key = HeraldWire.header(text.substring(0, end), "sec-websocket-key");
            webSocket = key != null;
            socket.write(webSocket ? HeraldWire.webSocketResponseHead(key) : HeraldWire.SSE_RESPONSE_HEAD);
            if (blaster.waiting != null) {
                blaster.waiting.add(this);
            } else {
                blast();
            }
        }

        /**
         * Keeps {@value #BATCHES_IN_FLIGHT} batches in flight: the next goes out when the kernel
         * has taken one, so the socket, not the blaster, sets the pace.
         */
        private void blast() {
            if (blaster.pace > 0) {
                blaster.paced.add(this);
                socket.closeHandler(ignored -> blaster.paced.remove(this));
                return;
            }
            for (int i = 0; i < BATCHES_IN_FLIGHT; i++) {
                writeNext();
            }
        }

        private void writeNext() {
            socket.write(batch()).onComplete(written -> {
                if (written.succeeded()) {
                    blaster.written.addAndGet(BATCH_EVENTS);
                    // Through the task queue: a write that completes at once must not starve accepts and timers.
                    context.runOnContext(ignored -> writeNext());
                } else {
                    socket.close();
                }
            });
        }

        private void writeOne() {
            socket.write(batch(1));
            blaster.written.incrementAndGet();
        }

        private Buffer batch() {
            return batch(BATCH_EVENTS);
        }

        private Buffer batch(int count) {
            long now = Micros.now();
            StringBuilder events = new StringBuilder(count * 220);
            for (int i = 0; i < count; i++) {
                sequence++;
                String digits = Long.toString(sequence);
                // Shaped like Herald's ids, so the reader copies as many bytes per id.
                String id = ID_PREFIX + ZEROS.substring(Math.min(ZEROS.length(), digits.length())) + digits;
                String data = blaster.payload.encode(0, 0, sequence, now);
                if (webSocket) {
                    HeraldWire.webSocketUpdate(events, id, data);
                } else {
                    HeraldWire.sseEvent(events, id, data);
                }
            }
            byte[] bytes = events.toString().getBytes(StandardCharsets.ISO_8859_1);
            return Buffer.buffer(webSocket ? bytes : HeraldWire.chunk(bytes));
        }
    }
}
