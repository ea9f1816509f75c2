package io.recsys.core.lease;

import java.util.UUID;

/**
 * A held stage lease. {@code generation} grows by one each time the lease changes hands: a fencing
 * token, so a stale owner's renewals and releases cannot touch its successor's lease.
 */
public record Lease(String stage, String owner, UUID runId, long generation) {}
