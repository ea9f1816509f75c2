package io.recsys.core.registry;

/** The collaborative-filtering models the pipeline trains. */
public enum ModelType {
    ALS,
    BPR
}
