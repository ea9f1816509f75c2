package io.recsys.core.artifact;

/**
 * The kinds of artifact the stages publish and read through the registry, so a producer and its
 * readers agree by type instead of by matching strings. {@link #id()} is what the {@code artifacts}
 * and {@code artifact_aliases} tables store.
 */
public enum ArtifactKind {
    /** data-service's train/test snapshot (matrices, mappings, stats). */
    DATA_SNAPSHOT("data-snapshot"),
    /** embedding-service's product-text vectors. */
    EMBEDDING_SET("embedding-set");

    /** The alias every kind's newest published artifact is pointed at. */
    public static final String CURRENT = "current";

    private final String id;

    ArtifactKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The kind a stored id names; an unknown one is a schema or version mismatch. */
    public static ArtifactKind of(String id) {
        for (ArtifactKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown artifact kind '" + id + "' in the registry");
    }

    @Override
    public String toString() {
        return id;
    }
}
