package io.recsys.monitor.cleanup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files data-service names with a UTC time stamp (raw backups, archived staging batches,
 * quarantine files) and their rotation. A file's time is the stamp in its name — when the merge or
 * the run happened — not its mtime: a backup is copied with the raw file's attributes, so its mtime
 * is the previous merge's. Files not named that way are not data-service's and are never touched.
 */
final class StampedFiles {
    /** RawFileMerger's and DataRefreshStage's stamp. */
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final String STAMP_RE = "(?<stamp>\\d{8}T\\d{6}Z)";
    /** {@code <raw stem>_backup_<stamp><ext>} in {@code <raw-dir>/backups/}. */
    static final Pattern BACKUP = Pattern.compile("(?<stem>.+)_backup_" + STAMP_RE + "(?<ext>\\.[^.]+)?");
    /** {@code <staging stem>_<stamp><ext>} in {@code <staging-dir>/archived/}. */
    static final Pattern ARCHIVE = Pattern.compile("(?<stem>.+)_" + STAMP_RE + "(?<ext>\\.[^.]+)?");
    /** {@code <stamp>_<run id>.csv} in {@code quarantine/}. */
    static final Pattern QUARANTINE = Pattern.compile(STAMP_RE + "_(?<run>[0-9a-f]{8}-[0-9a-f-]{27})\\.csv");

    /**
     * One stamped file. {@code series} groups the files rotated together: for a backup or an
     * archived batch the name of the file it was copied from, {@code run} the quarantine's run id.
     */
    record Entry(Path path, String series, Instant stamp, String run, long size) {}

    /** Says why an entry must stay, if it must; {@code newest}: it is the newest of its series. */
    @FunctionalInterface
    interface Guard {
        Optional<String> protects(Entry entry, boolean newest) throws IOException;
    }

    private StampedFiles() {}

    /** The regular, visible files of {@code dir} (not below it) that match {@code pattern}. */
    static List<Entry> list(Path dir, Pattern pattern) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).sorted().toList()) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                Instant stamp;
                try {
                    stamp = Instant.from(STAMP.parse(m.group("stamp")));
                } catch (DateTimeParseException e) {
                    continue; // digits that are no date: not a name data-service wrote
                }
                boolean hasStem = pattern.pattern().contains("(?<stem>");
                String series = hasStem
                        ? m.group("stem") + (m.group("ext") == null ? "" : m.group("ext"))
                        : dir.getFileName().toString();
                String run = pattern.pattern().contains("(?<run>") ? m.group("run") : null;
                out.add(new Entry(p, series, stamp, run, Files.size(p)));
            }
        }
        return out;
    }

    /**
     * Per series, the newest {@code keep} entries and every entry stamped after
     * {@code now - retention} stay, and so does whatever the guard protects (recorded in
     * {@code kept} with its reason); the rest is returned, newest first.
     */
    static List<Removal> rotate(
            RemovalKind kind,
            List<Entry> entries,
            int keep,
            Duration retention,
            Instant now,
            Guard guard,
            Map<String, String> kept)
            throws IOException {
        Map<String, List<Entry>> bySeries = new LinkedHashMap<>();
        for (Entry e : entries) {
            bySeries.computeIfAbsent(e.series(), k -> new ArrayList<>()).add(e);
        }
        Instant cutoff = now.minus(retention);
        List<Removal> out = new ArrayList<>();
        for (List<Entry> series : bySeries.values()) {
            List<Entry> newestFirst = new ArrayList<>(series);
            newestFirst.sort(Comparator.comparing(Entry::stamp)
                    .thenComparing(e -> e.path().getFileName().toString())
                    .reversed());
            for (int i = 0; i < newestFirst.size(); i++) {
                Entry e = newestFirst.get(i);
                if (i < keep || e.stamp().isAfter(cutoff)) {
                    continue;
                }
                Optional<String> why = guard.protects(e, i == 0);
                if (why.isPresent()) {
                    kept.put(e.path().toString(), why.get());
                    continue;
                }
                out.add(new Removal(
                        kind,
                        e.path().toString(),
                        e.size(),
                        0,
                        "stamped " + e.stamp() + ": beyond the newest "
                                + keep + " of " + e.series()
                                + (retention.isZero() ? "" : " and older than " + retention.toDays() + " days")));
            }
        }
        return out;
    }
}
