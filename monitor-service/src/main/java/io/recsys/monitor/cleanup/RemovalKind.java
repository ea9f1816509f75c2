package io.recsys.monitor.cleanup;

/** What the cleanup removes, grouped as {@code --type} selects it. */
public enum RemovalKind {
    LOG("logs"),
    ERROR_REPORT("logs"),
    REPORT("logs"),
    CHECKPOINT("checkpoints"),
    MODEL("models"),
    SNAPSHOT("snapshots"),
    EMBEDDING_SET("embeddings"),
    RAW_BACKUP("data"),
    STAGING_ARCHIVE("data"),
    QUARANTINE("data"),
    LEDGER_ROWS("ledger"),
    /** A directory left empty inside a tree the selected types prune; it follows that tree's type. */
    EMPTY_DIRECTORY(null);

    private final String type;

    RemovalKind(String type) {
        this.type = type;
    }

    /** The {@code --type} value that selects this kind ({@code null}: the tree's). */
    public String type() {
        return type;
    }

    /** Whether {@code --type value} selects this kind. */
    public boolean selectedBy(String value) {
        return value.equals("all") || type == null || type.equals(value);
    }
}
