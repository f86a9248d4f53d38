package dev.herald.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.herald.config.LoggingSettings;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where every log line goes: Herald logs through java.util.logging, Vert.x and Netty through
 * SLF4J; all of it ends in one Logback console appender, as text or as JSON lines.
 */
public final class Logging {
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{36} - %msg%n";

    private Logging() {
    }

    /** Routes java.util.logging to Logback and sets the layout {@code settings} asks for. */
    public static void apply(LoggingSettings settings) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Encoder<ILoggingEvent> encoder = settings.json() ? jsonEncoder(context) : textEncoder(context);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        root.detachAndStopAllAppenders();
        root.addAppender(console);
        warmUp(context, encoder);
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        Layout<ILoggingEvent> layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /**
     * Formats a line now, without writing it: out of file descriptors, the first log line is
     * "accept: Too many open files", and if formatting it needed a file then (the time-zone rules,
     * a class not yet loaded) the failure would kill the thread that accepts connections for good.
     */
    private static void warmUp(LoggerContext context, Encoder<ILoggingEvent> encoder) {
        LoggingEvent event = new LoggingEvent(Logging.class.getName(), context.getLogger(Logging.class),
                ch.qos.logback.classic.Level.WARN, "warming up", new IllegalStateException("warming up"), null);
        encoder.encode(event);
    }
}
