package dev.herald.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The java.util.logging records one logger writes while the capture is open, in-process.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("dev.herald.security")) {
 *     ... provoke ...
 *     assertTrue(log.messages().stream().anyMatch(line -> line.contains("expired")));
 * }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
    }

    /** Captures every record of {@code loggerName} (and its children) from now on. */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.setLevel(Level.ALL);
        capture.logger.setLevel(Level.ALL);
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record's message with its thrown exception's text, as a reader of the log would see it. */
    public synchronized List<String> messages() {
        return records.stream().map(record -> record.getMessage()
                + (record.getThrown() == null ? "" : " " + record.getThrown())).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
