package io.recsys.core.lease;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Renews a lease in the background while a run lives. The run counts as alive while renewals
 * succeed; a renewal that finds the lease taken, or no successful renewal within the TTL, means
 * the lease is lost and the stage must stop.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final LeaseService leases;
    private final Lease lease;
    private final Duration ttl;
    private final ScheduledExecutorService timer;
    private volatile long lastRenewedNanos;
    private volatile boolean taken;

    public LeaseKeeper(LeaseService leases, Lease lease, Duration ttl, Duration every) {
        this.leases = leases;
        this.lease = lease;
        this.ttl = ttl;
        this.lastRenewedNanos = System.nanoTime();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-" + lease.stage());
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, every.toMillis());
        timer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            if (leases.renew(lease, ttl)) {
                lastRenewedNanos = System.nanoTime();
            } else {
                taken = true;
                LOG.errorf(
                        "lease of stage %s (generation %d) was taken by another owner",
                        lease.stage(), lease.generation());
            }
        } catch (Exception e) {
            LOG.warnf("lease renewal for stage %s failed: %s", lease.stage(), e.getMessage());
        }
    }

    public Lease lease() {
        return lease;
    }

    public boolean held() {
        return !taken && System.nanoTime() - lastRenewedNanos < ttl.toNanos();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
