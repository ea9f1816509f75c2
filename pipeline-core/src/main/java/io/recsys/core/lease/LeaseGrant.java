package io.recsys.core.lease;

import java.util.Optional;
import java.util.UUID;

/**
 * A lease just taken, and the run that held it before when it was taken over after expiring (empty
 * on a stage's first lease). Only that run can have been abandoned by this takeover: a contender
 * that lost the race to this one is still running its own refusal.
 */
public record LeaseGrant(Lease lease, Optional<UUID> previousRunId) {}
