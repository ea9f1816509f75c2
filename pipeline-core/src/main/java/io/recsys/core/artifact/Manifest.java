package io.recsys.core.artifact;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code manifest.json}: every file of an artifact with its size and SHA-256, plus provenance. */
public record Manifest(
        @JsonProperty("id") String id,
        @JsonProperty("area") String area,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("provenance") Map<String, Object> provenance,
        @JsonProperty("files") List<Entry> files) {

    public static final String FILE_NAME = "manifest.json";

    public record Entry(
            @JsonProperty("path") String path,
            @JsonProperty("size") long size,
            @JsonProperty("sha256") String sha256) {}

    public long totalBytes() {
        return files.stream().mapToLong(Entry::size).sum();
    }
}
