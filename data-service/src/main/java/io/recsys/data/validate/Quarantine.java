package io.recsys.data.validate;

import io.recsys.core.artifact.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Rejected rows are kept, never dropped: a CSV with file, line, field, reason and the original row. */
public final class Quarantine {
    private Quarantine() {}

    public static void write(Path file, List<RejectedRow> rows) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader("source_file", "line", "field", "reason", "detail", "raw_row")
                        .get())) {
            for (RejectedRow r : rows) {
                printer.printRecord(r.file(), r.line(), r.field(), r.reason().name(), r.detail(), r.raw());
            }
        }
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Counts per reason, worst first, each with its first example: the lines an operator reads first. */
    public static List<String> worstOffences(List<RejectedRow> rows, int limit) {
        Map<RejectReason, List<RejectedRow>> byReason = rows.stream()
                .collect(Collectors.groupingBy(
                        RejectedRow::reason, () -> new EnumMap<>(RejectReason.class), Collectors.toList()));
        return byReason.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<RejectReason, List<RejectedRow>> e) ->
                                e.getValue().size())
                        .reversed())
                .limit(limit)
                .map(e -> e.getValue().size() + " x " + e.getKey().label() + ", first at "
                        + e.getValue().get(0).describe())
                .toList();
    }
}
