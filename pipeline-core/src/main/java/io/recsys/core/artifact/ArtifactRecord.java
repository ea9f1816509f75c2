package io.recsys.core.artifact;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A published artifact as recorded in Postgres. */
public record ArtifactRecord(
        ArtifactKind kind,
        String id,
        String path,
        String manifestSha256,
        Instant createdAt,
        UUID runId,
        Map<String, Object> inputVersions,
        Map<String, Object> summary) {}
