package io.recsys.core.deploy;

import java.time.Instant;

/**
 * Where an alias points. {@code generation} grows with every move, so a reader can tell a move
 * back to an earlier model from no move at all. {@code trafficShare} is the share of users the
 * canary alias serves (null for production, which serves everyone else).
 */
public record AliasTarget(
        String alias, String modelId, long generation, Long deploymentId, Instant updatedAt, Double trafficShare) {}
