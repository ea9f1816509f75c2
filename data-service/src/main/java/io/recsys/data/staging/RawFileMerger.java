package io.recsys.data.staging;

import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.csv.CsvLayout;
import io.recsys.core.csv.CsvRecords;
import io.recsys.core.csv.InputFailure;
import io.recsys.data.input.RowBatch;
import io.recsys.data.input.TimestampParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Merges a staging batch into the raw interactions file without ever modifying it in place: the
 * merged file is written beside it, the original is copied to {@code backups/}, then the merged file
 * is renamed over it, and the staging file is moved to {@code archived/}.
 */
public final class RawFileMerger {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Where the five interaction fields go in the raw file. */
    public record RawColumns(String user, String item, String rating, String comment, String timestamp) {}

    private RawFileMerger() {}

    /** Writes raw + the batch's rows (in the raw layout) to a hidden temporary file beside the raw file. */
    public static Path writeMerged(CsvLayout raw, RawColumns columns, TimestampParser timestamps, RowBatch batch)
            throws IOException, InputFailure {
        List<String> header = CsvRecords.header(raw);
        int[] idx = {
            CsvRecords.column(raw, header, columns.user(), "user id"),
            CsvRecords.column(raw, header, columns.item(), "product id"),
            CsvRecords.column(raw, header, columns.rating(), "rating"),
            columns.comment() == null || columns.comment().isBlank()
                    ? -1
                    : CsvRecords.column(raw, header, columns.comment(), "comment"),
            CsvRecords.column(raw, header, columns.timestamp(), "timestamp")
        };
        int width = Math.max(header.size(), Arrays.stream(idx).max().orElse(0) + 1);

        Path merged = raw.file().resolveSibling("." + raw.fileName() + ".merge-" + System.nanoTime());
        Files.copy(raw.file(), merged, StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile f = new RandomAccessFile(merged.toFile(), "rw")) {
            if (f.length() > 0) {
                f.seek(f.length() - 1);
                if (f.read() != '\n') {
                    f.seek(f.length());
                    f.write('\n');
                }
            }
        }
        CSVFormat.Builder format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(raw.delimiter())
                .setQuote(raw.quote())
                .setRecordSeparator("\n");
        if (raw.quote() == null) {
            format.setEscape('\\');
        }
        try (OutputStream out = Files.newOutputStream(merged, java.nio.file.StandardOpenOption.APPEND);
                Writer w = new OutputStreamWriter(out, raw.charset());
                CSVPrinter printer = new CSVPrinter(w, format.get())) {
            for (int row = 0; row < batch.size(); row++) {
                String[] values = new String[width];
                Arrays.fill(values, "");
                values[idx[0]] = batch.userId(row);
                values[idx[1]] = batch.itemId(row);
                values[idx[2]] = ratingText(batch.rating.get(row));
                if (idx[3] >= 0) {
                    String c = batch.comments == null ? "" : batch.comments.get(row);
                    values[idx[3]] = raw.quote() == null ? c.replaceAll("[\\r\\n\\t]", " ") : c;
                }
                values[idx[4]] = timestamps.format(batch.timestamp.get(row));
                printer.printRecord((Object[]) values);
            }
        }
        AtomicFiles.fsync(merged);
        return merged;
    }

    /** Keeps a timestamped backup of the raw file, then moves the merged file over it. */
    public static Path commit(Path rawFile, Path merged, Instant now) throws IOException {
        Path backups = Files.createDirectories(rawFile.resolveSibling("backups"));
        Path backup = backups.resolve(stripExtension(rawFile.getFileName().toString()) + "_backup_" + STAMP.format(now)
                + extension(rawFile.getFileName().toString()));
        Files.copy(rawFile, backup, StandardCopyOption.COPY_ATTRIBUTES);
        AtomicFiles.fsync(backup);
        AtomicFiles.move(merged, rawFile);
        AtomicFiles.fsyncDirectory(rawFile.getParent());
        return backup;
    }

    /** Moves the processed staging file to {@code archived/}. */
    public static Path archive(Path stagingFile, Instant now) throws IOException {
        Path archived = Files.createDirectories(stagingFile.resolveSibling("archived"));
        Path target = archived.resolve(stripExtension(stagingFile.getFileName().toString()) + "_" + STAMP.format(now)
                + extension(stagingFile.getFileName().toString()));
        AtomicFiles.move(stagingFile, target);
        return target;
    }

    private static String ratingText(float r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : Float.toString(r);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }
}
