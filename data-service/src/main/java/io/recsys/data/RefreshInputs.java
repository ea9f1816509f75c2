package io.recsys.data;

import io.recsys.core.artifact.Digests;
import io.recsys.core.csv.CsvLayout;
import io.recsys.core.stage.ConfigurationError;
import io.recsys.data.config.DataConfig;
import io.recsys.data.features.CommentQualityScorer;
import io.recsys.data.input.InteractionReader;
import io.recsys.data.input.TimestampParser;
import io.recsys.data.snapshot.ImplicitWeights;
import io.recsys.data.snapshot.SnapshotBuilder;
import io.recsys.data.staging.RawFileMerger;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.TreeMap;

/** The stage's configuration turned into file layouts, parsers and builders, checked once. */
public final class RefreshInputs {
    public final Path rawDir;
    public final Path stagingDir;
    public final ZoneId zone;
    public final CsvLayout raw;
    public final InteractionReader.Columns rawColumns;
    public final TimestampParser rawTimestamps;
    public final CsvLayout staging;
    public final InteractionReader.Columns stagingColumns;
    public final TimestampParser stagingTimestamps;
    public final InteractionReader.Source rawSource;
    public final InteractionReader.Source stagingSource;
    public final CsvLayout products;
    public final String productIdColumn;
    public final CommentQualityScorer scorer;
    public final SnapshotBuilder builder;
    public final String configFingerprint;
    public final DataConfig config;

    public RefreshInputs(DataConfig c, Path home) throws ConfigurationError {
        this.config = c;
        try {
            this.zone = ZoneId.of(c.timeZone());
            this.rawDir =
                    c.rawDir().orElse(home.resolve("raw")).toAbsolutePath().normalize();
            this.stagingDir = c.stagingDir()
                    .orElse(home.resolve("staging"))
                    .toAbsolutePath()
                    .normalize();
            var i = c.interactions();
            this.raw = i.layout(rawDir.resolve(i.file()), "data.interactions");
            this.rawColumns = new InteractionReader.Columns(
                    i.columns().user(),
                    i.columns().item(),
                    i.columns().rating(),
                    noneIsEmpty(i.columns().comment().orElse("")),
                    i.columns().timestamp());
            this.rawTimestamps = timestamps(i.timestampFormat(), "data.interactions.timestamp-format");
            var s = c.staging();
            this.staging = s.layout(stagingDir.resolve(s.file()), "data.staging");
            this.stagingColumns = new InteractionReader.Columns(
                    s.userColumn(), s.itemColumn(), s.ratingColumn(), s.commentColumn(), s.timestampColumn());
            this.stagingTimestamps = timestamps(s.timestampFormat(), "data.staging.timestamp-format");
            checkFieldCount(i, raw, rawColumns);
            if (s.ratingType() == DataConfig.RatingType.DECIMAL && i.ratingType() == DataConfig.RatingType.INTEGER) {
                // Half stars merged into a whole-star raw file would be rejected by every later full rebuild.
                throw new IllegalArgumentException("data.staging.rating-type=decimal but data.interactions.rating-type"
                        + "=integer: staged half stars would be merged into a raw file that rejects them; set both"
                        + " to decimal, or the staging one to integer");
            }
            this.rawSource =
                    new InteractionReader.Source(raw, rawColumns, rawTimestamps, i.ratingType(), i.fieldCount());
            this.stagingSource = new InteractionReader.Source(
                    staging, stagingColumns, stagingTimestamps, s.ratingType(), java.util.Optional.empty());
            var p = c.products();
            this.products = p.enabled() ? p.layout(rawDir.resolve(p.file()), "data.products") : null;
            this.productIdColumn = p.idColumn();
            this.scorer = new CommentQualityScorer(
                    c.features().commentQuality().positiveKeywords(),
                    c.features().commentQuality().negativeKeywords());
            this.builder = new SnapshotBuilder(
                    c.features().positiveThreshold(),
                    c.features().hardNegativeThreshold(),
                    c.features().minUserInteractions(),
                    c.stats().topK(),
                    implicitWeights(c.events()));
            this.configFingerprint = fingerprint(c);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ConfigurationError("invalid data-service configuration: " + e.getMessage());
        }
    }

    static ImplicitWeights implicitWeights(DataConfig.Events e) {
        return new ImplicitWeights(
                e.viewWeight(), e.clickWeight(), e.addToCartWeight(), e.implicitScale(), e.positiveWeight());
    }

    /** field-count is for headerless files, and must leave room for every configured column. */
    private static void checkFieldCount(DataConfig.InteractionFile i, CsvLayout layout, InteractionReader.Columns c) {
        if (i.fieldCount().isEmpty()) {
            return;
        }
        int count = i.fieldCount().get();
        if (layout.header()) {
            throw new IllegalArgumentException("data.interactions.field-count is for files without a header (a file"
                    + " with a header must have as many fields as its header); remove it or set header=false");
        }
        int needed = 0;
        for (String ref : new String[] {c.user(), c.item(), c.rating(), c.comment(), c.timestamp()}) {
            if (ref != null && ref.trim().matches("\\d+")) {
                needed = Math.max(needed, Integer.parseInt(ref.trim()) + 1);
            }
        }
        if (count < needed) {
            throw new IllegalArgumentException("data.interactions.field-count = " + count + " leaves no room for"
                    + " column index " + (needed - 1) + " of data.interactions.columns");
        }
    }

    /** "none" (or empty) means the file has no such column. */
    private static String noneIsEmpty(String column) {
        return column.equalsIgnoreCase("none") ? "" : column;
    }

    private TimestampParser timestamps(String format, String key) {
        try {
            return TimestampParser.of(format, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key + ": '" + format + "' is neither iso, epoch-seconds nor a valid pattern");
        }
    }

    public RawFileMerger.RawColumns rawMergeColumns() {
        return new RawFileMerger.RawColumns(
                rawColumns.user(),
                rawColumns.item(),
                rawColumns.rating(),
                rawColumns.comment(),
                rawColumns.timestamp());
    }

    /** Everything that changes what a snapshot contains; a different value forces a full rebuild. */
    private static String fingerprint(DataConfig c) {
        TreeMap<String, String> m = new TreeMap<>();
        var i = c.interactions();
        m.put(
                "interactions",
                i.file() + "|" + i.delimiter() + "|" + i.quote() + "|" + i.header() + "|" + i.encoding()
                        + "|" + i.columns().user() + "|" + i.columns().item() + "|"
                        + i.columns().rating() + "|"
                        + i.columns().comment().orElse("") + "|" + i.columns().timestamp() + "|" + i.timestampFormat()
                        + "|" + i.ratingType() + "|"
                        + i.fieldCount().map(String::valueOf).orElse(""));
        m.put("zone", c.timeZone());
        m.put(
                "validation",
                c.validation().ratingMin() + "|" + c.validation().ratingMax() + "|"
                        + (c.products().enabled() ? c.validation().unknownProducts() : "no catalogue"));
        var f = c.features();
        m.put(
                "features",
                f.positiveThreshold() + "|" + f.hardNegativeThreshold() + "|" + f.minUserInteractions() + "|"
                        + f.commentQuality().positiveKeywords() + "|"
                        + f.commentQuality().negativeKeywords());
        m.put("stats", Integer.toString(c.stats().topK()));
        var e = c.events();
        // A snapshot is a function of the files and the events below its watermark: with events taken
        // in, their weights shape it like the features do.
        m.put(
                "events",
                e.enabled()
                        ? e.purchaseRating() + "|" + e.viewWeight() + "|" + e.clickWeight() + "|" + e.addToCartWeight()
                                + "|" + e.implicitScale() + "|" + e.positiveWeight()
                        : "off");
        return Digests.sha256Hex(m.toString()).substring(0, 16);
    }
}
