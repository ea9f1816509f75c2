package io.recsys.monitor.cleanup;

/**
 * One thing the cleanup removes: a file or directory (with its size) or rows of a table (with
 * their count), and why it may go.
 */
public record Removal(RemovalKind kind, String target, long bytes, long rows, String reason) {}
