package io.recsys.data.config;

import io.recsys.core.csv.CsvFileSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The data-refresh stage's settings; shares, counts and sizes out of range stop start-up (exit 2,
 * key named). The input layout is configuration, so the same stage reads the
 * seed's CSVs or MovieLens' {@code u.data}/{@code u.item} without touching the files.
 */
@ConfigMapping(prefix = "data")
public interface DataConfig {

    /** Folder of the raw input files; default {@code <recsys.home>/raw}. */
    Optional<Path> rawDir();

    /** Folder of {@code new_interactions.csv} from web ingestion; default {@code <recsys.home>/staging}. */
    Optional<Path> stagingDir();

    @WithDefault("UTC")
    String timeZone();

    InteractionFile interactions();

    /** The staging batch, in the web-ingestion format of the seed. */
    StagingFile staging();

    ProductFile products();

    Validation validation();

    Features features();

    Incremental incremental();

    Stats stats();

    /** Shoppers' events from serving ({@code POST /api/v1/events}) as interactions. */
    Events events();

    interface Events {
        /** Take the events table's new events into each refresh (off: snapshots are built from files only). */
        @WithDefault("true")
        boolean enabled();

        /** The rating a purchase event counts as (the seed's purchases are its reviews; 5 = a happy buyer). */
        @WithDefault("5")
        double purchaseRating();

        /** Implicit events, relative to a purchase (the seed's item-based trainer: purchase 1.0, view 0.3). */
        @WithDefault("0.3")
        @DecimalMin("0")
        @DecimalMax("1")
        double viewWeight();

        @WithDefault("0.5")
        @DecimalMin("0")
        @DecimalMax("1")
        double clickWeight();

        @WithDefault("0.7")
        @DecimalMin("0")
        @DecimalMax("1")
        double addToCartWeight();

        /** An implicit event's confidence is its weight times this (5: a weight of 1 counts as five stars). */
        @WithDefault("5")
        @Positive
        double implicitScale();

        /** Implicit events of at least this weight are positives (BPR, the binary matrix); below, only confidence. */
        @WithDefault("0.5")
        @DecimalMin("0")
        @DecimalMax("1")
        double positiveWeight();
    }

    /** How a delimited file is laid out; shared by every file this stage reads. */
    interface Layout extends CsvFileSettings {}

    interface InteractionFile extends Layout {
        @WithDefault("data_reviews_purchase.csv")
        String file();

        InteractionColumns columns();

        /** {@code iso} (ISO-8601 date-times, zone optional), {@code epoch-seconds}, or a DateTimeFormatter pattern. */
        @WithDefault("iso")
        String timestampFormat();

        /** Whole stars (the seed's 1..5, MovieLens) or any decimal; a value that does not fit is rejected. */
        @WithDefault("integer")
        RatingType ratingType();

        /**
         * Fields every row must have when the file has no header (with a header: the header's count).
         * Default: the highest configured column index + 1.
         */
        Optional<Integer> fieldCount();
    }

    /** Web-ingestion batches: header row with the named columns. */
    interface StagingFile extends Layout {
        @WithDefault("new_interactions.csv")
        String file();

        @WithDefault("user_id")
        String userColumn();

        @WithDefault("product_id")
        String itemColumn();

        @WithDefault("rating")
        String ratingColumn();

        @WithDefault("comment")
        String commentColumn();

        @WithDefault("timestamp")
        String timestampColumn();

        @WithDefault("iso")
        String timestampFormat();

        @WithDefault("integer")
        RatingType ratingType();
    }

    /** How ratings are written: whole numbers ({@code 4}, {@code 4.0}) or any decimal ({@code 4.5}). */
    enum RatingType {
        INTEGER,
        DECIMAL
    }

    /** What happens to an interaction whose product is not in the catalogue. */
    enum UnknownProducts {
        /** Rejected (reason UNKNOWN_PRODUCT), counted against max-rejected-share. */
        QUARANTINE,
        /** Kept in the snapshot, counted in the run message and metadata.json. */
        KEEP
    }

    /** Column names (files with a header) or 0-based indexes (files without). */
    interface InteractionColumns {
        @WithDefault("user_id")
        String user();

        @WithDefault("product_id")
        String item();

        @WithDefault("rating")
        String rating();

        /** {@code none} when the file has no comments (e.g. MovieLens). */
        @WithDefault("comment")
        Optional<String> comment();

        @WithDefault("cmt_date")
        String timestamp();
    }

    interface ProductFile extends Layout {
        @WithDefault("data_product.csv")
        String file();

        /** False to run without a product catalogue. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("product_id")
        String idColumn();

        @WithDefault("product_name")
        String nameColumn();
    }

    interface Validation {
        /** Above this share of rejected rows the stage fails (exit 3) and publishes nothing. */
        @WithDefault("0.05")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxRejectedShare();

        /** Fewer trainable users than this: nothing published, exit 3 (the seed's 50). */
        @WithDefault("50")
        @PositiveOrZero
        int minUsers();

        /** Fewer items than this: nothing published, exit 3 (the seed's 10). */
        @WithDefault("10")
        @PositiveOrZero
        int minItems();

        /** Above this sparsity the run warns (the seed's 0.99). */
        @WithDefault("0.99")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxSparsity();

        /** A snapshot with this share fewer interactions than the current one is refused unless --force. */
        @WithDefault("0.5")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxShrink();

        @WithDefault("1")
        double ratingMin();

        @WithDefault("5")
        double ratingMax();

        /** Interactions of products missing from the catalogue (only when a catalogue is enabled). */
        @WithDefault("quarantine")
        UnknownProducts unknownProducts();

        /**
         * Above this share of repeated (user, product, time) rows the stage fails (exit 3). Unset: no
         * bound — repeats are dropped (the last kept, as in the seed) and only reported.
         */
        Optional<@DecimalMin("0") @DecimalMax("1") Double> maxDuplicateShare();

        /** Timestamps later than now plus this are rejected as future dates (clock skew allowance). */
        @WithDefault("PT1H")
        java.time.Duration futureTolerance();
    }

    interface Features {
        /** rating >= this: positive (the seed's is_positive). */
        @WithDefault("4")
        double positiveThreshold();

        /** rating <= this: hard negative. */
        @WithDefault("3")
        double hardNegativeThreshold();

        /** Users with at least this many interactions are trainable; others are cold-start. */
        @WithDefault("2")
        @Min(value = 2, message = "must be at least 2 (one interaction goes to test)")
        int minUserInteractions();

        CommentQuality commentQuality();
    }

    /** The seed's keyword heuristic: 0.5 + 0.1 per positive keyword - 0.1 per negative, clamped to [0, 1]. */
    interface CommentQuality {
        @WithDefault("thấm nhanh,hiệu quả,thơm,mịn,sáng da,dưỡng ẩm,tốt,đẹp")
        List<String> positiveKeywords();

        @WithDefault("không thích,dở,tệ,kém,giả")
        List<String> negativeKeywords();
    }

    interface Incremental {
        /** Staging batches up to this size update the current snapshot instead of a full rebuild. */
        @WithDefault("100")
        @PositiveOrZero
        int maxBatch();

        /** Above this many users turned trainable since the last full rebuild, rebuild in full. */
        @WithDefault("50")
        @PositiveOrZero
        int maxPendingTrainableUsers();
    }

    interface Stats {
        @WithDefault("20")
        @Positive
        int topK();
    }
}
