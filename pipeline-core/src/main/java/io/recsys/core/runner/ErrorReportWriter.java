package io.recsys.core.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.stage.StageFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Writes {@code errors/<stage>/<time>_<run>.json} on the volume for every failed run. */
final class ErrorReportWriter {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path errorsDir;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ErrorReportWriter(Path home) {
        this.errorsDir = home.resolve("errors");
    }

    Path write(String stage, UUID runId, String host, int attempt, Map<String, Object> options, Throwable error)
            throws IOException {
        Instant now = Instant.now();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("stage", stage);
        report.put("run_id", runId.toString());
        report.put("timestamp", now.toString());
        report.put("host", host);
        report.put("attempt", attempt);
        report.put("options", options);
        report.put("error_type", error.getClass().getName());
        report.put("error", String.valueOf(error.getMessage()));
        if (error instanceof StageFailure f) {
            report.put("details", f.details());
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        report.put("traceback", trace.toString());
        Path file = errorsDir.resolve(stage).resolve(STAMP.format(now) + "_" + runId + ".json");
        AtomicFiles.write(file, json.writeValueAsBytes(report));
        return file;
    }
}
