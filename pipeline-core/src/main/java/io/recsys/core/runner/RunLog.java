package io.recsys.core.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One run's log lines, also written to {@code logs/<stage>/<time>-<run id>.log} on the shared
 * volume: a CronJob pod's log is gone once Kubernetes removes the finished Job, and a postmortem
 * weeks later needs it (monitor's cleanup removes these files after 30 days). Only records logged
 * while the run's id is in the MDC are kept, so concurrent runs in one server do not mix.
 */
final class RunLog implements AutoCloseable {
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LINE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Writer out;
    private final Handler handler;

    private RunLog(Path file, Writer out, String runId) {
        this.file = file;
        this.out = out;
        SimpleFormatter plain = new SimpleFormatter();
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (!runId.equals(MDC.get("run"))) {
                    return;
                }
                String message = r instanceof ExtLogRecord e ? e.getFormattedMessage() : plain.formatMessage(r);
                StringBuilder line = new StringBuilder()
                        .append(LINE_TIME.format(r.getInstant()))
                        .append(' ')
                        .append(String.format("%-5s", r.getLevel().getName()))
                        .append(" [")
                        .append(r.getLoggerName())
                        .append("] (")
                        .append(Thread.currentThread().getName())
                        .append(") ")
                        .append(message)
                        .append('\n');
                if (r.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append(trace);
                }
                synchronized (out) {
                    try {
                        out.write(line.toString());
                        out.flush();
                    } catch (IOException ignored) {
                        // a full disk must not fail the run it is logging
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(handler);
    }

    static RunLog open(Path home, String stage, UUID runId, Instant started) throws IOException {
        Path file = home.resolve("logs").resolve(stage).resolve(NAME_TIME.format(started) + "-" + runId + ".log");
        Files.createDirectories(file.getParent());
        Writer out = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new RunLog(file, out, runId.toString());
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        synchronized (out) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to write
            }
        }
    }
}
