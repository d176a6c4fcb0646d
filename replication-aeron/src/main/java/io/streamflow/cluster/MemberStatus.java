package io.streamflow.cluster;

import io.aeron.CncFileDescriptor;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.RecordingLog;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusterMarkFile;
import io.aeron.cluster.service.ClusterNodeControlProperties;
import io.streamflow.engine.NodeCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;

/**
 * What a member is doing, read from its node directory by any process on its host, as {@code ClusterTool} reads a
 * member: the consensus module's mark file (its pid and media driver), the driver's counters (role, election, commit
 * position, the engine's journal) and the recording log (the latest snapshot).
 *
 * @param memberId             of the member, or -1 when its directory holds no cluster.
 * @param pid                  of the member's process.
 * @param isRunning            whether that process is alive.
 * @param role                 its role, or null when not running.
 * @param electionState        its election's state, or null when not running.
 * @param commitPosition       in the cluster log, or -1 when not running.
 * @param journalLastSequence  engine sequence of the last entry it journaled, or -1.
 * @param snapshotSequence     engine sequence of the last command in its latest snapshot, or -1.
 * @param snapshotLogPosition  log position of its latest snapshot in the recording log, or -1 for none.
 * @param snapshotTimestampNs  cluster time of that snapshot, or -1.
 */
public record MemberStatus(
    int memberId,
    long pid,
    boolean isRunning,
    Cluster.Role role,
    ElectionState electionState,
    long commitPosition,
    long journalLastSequence,
    long snapshotSequence,
    long snapshotLogPosition,
    long snapshotTimestampNs)
{
    private static final MemberStatus NOT_A_MEMBER = new MemberStatus(-1, -1, false, null, null, -1, -1, -1, -1, -1);

    /**
     * @param nodeDir a member's node directory (with {@code cluster/} in it).
     * @return its status, or one with member id -1 when the directory holds no cluster, or a member that has not
     * yet written its mark file.
     */
    public static MemberStatus read(final File nodeDir)
    {
        final File clusterDir = new File(nodeDir, "cluster");
        final MarkFileView markFile = readMarkFile(clusterDir);
        if (null == markFile)
        {
            return NOT_A_MEMBER;
        }
        final int memberId = markFile.memberId();
        final long pid = markFile.pid();
        final String aeronDir = markFile.aeronDirectoryName();

        long snapshotLogPosition = -1;
        long snapshotTimestamp = -1;
        if (new File(clusterDir, RecordingLog.RECORDING_LOG_FILE_NAME).exists())
        {
            try (RecordingLog recordingLog = new RecordingLog(clusterDir, false))
            {
                final RecordingLog.Entry snapshot =
                    recordingLog.getLatestSnapshot(ConsensusModule.Configuration.SERVICE_ID);
                if (null != snapshot)
                {
                    snapshotLogPosition = snapshot.logPosition;
                    snapshotTimestamp = snapshot.timestamp;
                }
            }
        }

        final boolean isRunning = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        final File cncFile = new File(aeronDir, CncFileDescriptor.CNC_FILE);
        if (!isRunning || !cncFile.exists())
        {
            return new MemberStatus(memberId, pid, false, null, null, -1, -1, -1, snapshotLogPosition,
                snapshotTimestamp);
        }

        final MappedByteBuffer cnc;
        try
        {
            cnc = IoUtil.mapExistingFile(cncFile, "cnc");
        }
        catch (final RuntimeException ex)
        {
            // The media driver is creating its files.
            return runningWithoutCounters(memberId, pid, snapshotLogPosition, snapshotTimestamp);
        }
        try
        {
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, CncFileDescriptor.createMetaDataBuffer(cnc)),
                CncFileDescriptor.createCountersValuesBuffer(cnc, CncFileDescriptor.createMetaDataBuffer(cnc)));
            final long[] values = { -1, -1, -1, -1, -1 };
            counters.forEach((counterId, typeId, keyBuffer, label) ->
            {
                final long value = counters.getCounterValue(counterId);
                if (ConsensusModule.Configuration.CLUSTER_NODE_ROLE_TYPE_ID == typeId)
                {
                    values[0] = value;
                }
                else if (ConsensusModule.Configuration.ELECTION_STATE_TYPE_ID == typeId)
                {
                    values[1] = value;
                }
                else if (ConsensusModule.Configuration.COMMIT_POSITION_TYPE_ID == typeId)
                {
                    values[2] = value;
                }
                else if (NodeCounters.NODE_COUNTER_TYPE_ID == typeId &&
                    label.equals(NodeCounters.JOURNAL_LAST_SEQUENCE_LABEL))
                {
                    values[3] = value;
                }
                else if (NodeCounters.NODE_COUNTER_TYPE_ID == typeId &&
                    label.equals(ClusteredEngineService.SNAPSHOT_SEQUENCE_LABEL))
                {
                    values[4] = value;
                }
            });
            return new MemberStatus(memberId, pid, true, values[0] < 0 ? null : Cluster.Role.get(values[0]),
                values[1] < 0 ? null : ElectionState.get(values[1]), values[2], values[3], values[4],
                snapshotLogPosition, snapshotTimestamp);
        }
        catch (final RuntimeException ex)
        {
            // The media driver is still laying out its counters.
            return runningWithoutCounters(memberId, pid, snapshotLogPosition, snapshotTimestamp);
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
    }

    /**
     * @param nodeDir a member's node directory.
     * @return its media driver's directory as its mark file names it, or null when there is none to read.
     */
    public static File aeronDirectory(final File nodeDir)
    {
        final MarkFileView markFile = readMarkFile(new File(nodeDir, "cluster"));
        return null == markFile ? null : new File(markFile.aeronDirectoryName());
    }

    private record MarkFileView(int memberId, long pid, String aeronDirectoryName)
    {
    }

    /**
     * @return what the consensus module's mark file says, or null when there is none, or a member starting up has
     * created it but not yet written it (empty, or of version 0).
     */
    private static MarkFileView readMarkFile(final File clusterDir)
    {
        if (!new File(clusterDir, ClusterMarkFile.FILENAME).exists())
        {
            return null;
        }
        try (ClusterMarkFile markFile = new ClusterMarkFile(
            clusterDir, ClusterMarkFile.FILENAME, System::currentTimeMillis, 1_000, (message) -> { }))
        {
            final ClusterNodeControlProperties properties = markFile.loadControlProperties();
            return new MarkFileView(properties.memberId, markFile.decoder().pid(), properties.aeronDirectoryName);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    private static MemberStatus runningWithoutCounters(
        final int memberId, final long pid, final long snapshotLogPosition, final long snapshotTimestamp)
    {
        return new MemberStatus(memberId, pid, true, null, null, -1, -1, -1, snapshotLogPosition, snapshotTimestamp);
    }

    /**
     * @return true when the member runs and leads.
     */
    public boolean isLeader()
    {
        return isRunning && Cluster.Role.LEADER == role;
    }
}
