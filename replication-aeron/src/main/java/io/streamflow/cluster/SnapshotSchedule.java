package io.streamflow.cluster;

import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.service.Cluster;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * Cluster snapshots every {@code interval} commands, as a standalone node takes its own: the leader asks its
 * consensus module for one through the cluster's control toggle, as {@code ClusterTool snapshot} does, and every
 * member then takes it at the same log position. Only the leader asks; a request waits for the snapshot it asked for
 * (or {@value #RETRY_AFTER_SECONDS} s) before another.
 * <p>
 * Not thread safe: the service thread's.
 */
final class SnapshotSchedule
{
    static final long RETRY_AFTER_SECONDS = 10;

    private final long interval;
    private AtomicCounter controlToggle;
    private long sequenceAtLastSnapshot;
    private long requestedAtNs;
    private boolean isRequested;

    /**
     * @param interval commands between snapshots; 0 for none on a schedule.
     */
    SnapshotSchedule(final long interval)
    {
        if (interval < 0)
        {
            throw new IllegalArgumentException("snapshot interval must not be negative: " + interval);
        }
        this.interval = interval;
    }

    /**
     * @param cluster         the service runs in.
     * @param currentSequence next engine sequence now (after the snapshot loaded at start, if any).
     */
    void onStart(final Cluster cluster, final long currentSequence)
    {
        sequenceAtLastSnapshot = currentSequence;
        if (interval > 0)
        {
            controlToggle = ClusterControl.findControlToggle(
                cluster.aeron().countersReader(), cluster.context().clusterId());
        }
    }

    /**
     * A snapshot was taken, asked for by this schedule or not.
     *
     * @param currentSequence next engine sequence at the snapshot.
     */
    void onSnapshot(final long currentSequence)
    {
        sequenceAtLastSnapshot = currentSequence;
        isRequested = false;
    }

    /**
     * @param role            of this member now.
     * @param currentSequence next engine sequence now.
     * @param nowNs           time now.
     * @return 1 when a snapshot was asked for, else 0.
     */
    int poll(final Cluster.Role role, final long currentSequence, final long nowNs)
    {
        if (null == controlToggle || Cluster.Role.LEADER != role ||
            currentSequence - sequenceAtLastSnapshot < interval ||
            (isRequested && nowNs - requestedAtNs < TimeUnit.SECONDS.toNanos(RETRY_AFTER_SECONDS)))
        {
            return 0;
        }
        if (ClusterControl.ToggleState.SNAPSHOT.toggle(controlToggle))
        {
            isRequested = true;
            requestedAtNs = nowNs;
            return 1;
        }
        return 0;
    }
}
