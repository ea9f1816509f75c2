package io.recsys.embedding.text;

/** A catalogue row that was not encoded: where it is and why. */
public record RejectedProduct(String file, long line, String field, String reason, String value) {}
