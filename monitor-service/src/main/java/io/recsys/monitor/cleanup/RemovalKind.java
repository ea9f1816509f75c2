package io.recsys.monitor.cleanup;

/** What the cleanup removes, grouped as {@code --type} selects it. */
public enum RemovalKind {
    LOG("logs"), ERROR_REPORT("logs"), REPORT("logs"), CHECKPOINT("checkpoints"), MODEL("models"),
    SNAPSHOT("snapshots"), EMBEDDING_SET("embeddings"), LEDGER_ROWS("ledger");

    private final String type;

    RemovalKind(String type) {
        this.type = type;
    }

    /** The {@code --type} value that selects this kind. */
    public String type() {
        return type;
    }
}
