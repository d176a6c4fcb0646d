package io.streamflow.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterBackup;
import io.aeron.cluster.ClusterMember;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.streamflow.engine.DirectoryLock;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A backup of a cluster's log and snapshots in a directory of its own, kept up to date by Aeron's {@link ClusterBackup}
 * (it queries the members, replicates the latest snapshots and follows the live log into its own archive):
 * <pre>
 *   DIR/cluster   the backup's recording log (terms and snapshots)
 *   DIR/archive   the replicated log and snapshots
 * </pre>
 * To restore, stop the members and copy both into every member's node directory (see docs/cluster.md): each then
 * starts from the latest snapshot and the log after it.
 */
public final class ClusterBackupNode implements AutoCloseable
{
    private final DirectoryLock lock;
    private final MediaDriver driver;
    private final Archive archive;
    private final ClusterBackup backup;

    private ClusterBackupNode(
        final File dir, final String clusterMembers, final String aeronDirectoryName, final long intervalNs)
    {
        final List<AutoCloseable> opened = new ArrayList<>();
        try
        {
            lock = DirectoryLock.acquire(dir, aeronDirectoryName);
            opened.add(lock);
            final StringBuilder consensusEndpoints = new StringBuilder();
            String host = "localhost";
            for (final ClusterMember member : ClusterMember.parse(clusterMembers))
            {
                consensusEndpoints.append(consensusEndpoints.length() > 0 ? "," : "")
                    .append(member.consensusEndpoint());
                host = ClusterMembers.hostOf(member.consensusEndpoint());
            }
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            opened.add(driver);
            archive = Archive.launch(new Archive.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .archiveDir(new File(dir, "archive"))
                .controlChannel("aeron:udp?endpoint=" + host + ":0")
                .localControlChannel("aeron:ipc?term-length=64k")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .recordingEventsEnabled(false)
                .threadingMode(ArchiveThreadingMode.SHARED));
            opened.add(archive);
            backup = ClusterBackup.launch(new ClusterBackup.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .clusterDir(new File(dir, "cluster"))
                .archiveContext(new AeronArchive.Context()
                    .controlRequestChannel(archive.context().localControlChannel())
                    .controlResponseChannel(archive.context().localControlChannel())
                    .aeronDirectoryName(aeronDirectoryName))
                .clusterArchiveContext(new AeronArchive.Context()
                    .controlRequestChannel("aeron:udp")
                    .controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
                .clusterConsensusEndpoints(consensusEndpoints.toString())
                // The members answer and send the log to these: ports of their own, found free now.
                .consensusChannel("aeron:udp?endpoint=" + host + ":" + freeUdpPort(host))
                .catchupEndpoint(host + ":" + freeUdpPort(host))
                .sourceType(ClusterBackup.SourceType.ANY)
                .clusterBackupIntervalNs(intervalNs));
        }
        catch (final RuntimeException ex)
        {
            for (int i = opened.size() - 1; i >= 0; i--)
            {
                CloseHelper.quietClose(opened.get(i));
            }
            throw ex;
        }
    }

    /**
     * Start backing up a cluster.
     *
     * @param dir                of the backup, owned by it for its life.
     * @param clusterMembers     the cluster's members, in Aeron Cluster's format.
     * @param aeronDirectoryName of the backup's own media driver.
     * @param intervalNs         between the backup's queries for newer snapshots.
     * @return the running backup.
     */
    public static ClusterBackupNode launch(
        final File dir, final String clusterMembers, final String aeronDirectoryName, final long intervalNs)
    {
        return new ClusterBackupNode(dir, clusterMembers, aeronDirectoryName, intervalNs);
    }

    /**
     * @return how far into the cluster's log the backup has followed it, or -1 while it has not joined the live log.
     */
    public long liveLogPosition()
    {
        final CountersReader counters = driver.context().countersManager();
        final long[] position = { -1 };
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (ClusterBackup.LIVE_LOG_POSITION_TYPE_ID == typeId)
            {
                position[0] = counters.getCounterValue(counterId);
            }
        });
        return position[0];
    }

    /**
     * @return the backup's state, as Aeron's ClusterBackup names it.
     */
    public ClusterBackup.State state()
    {
        return ClusterBackup.State.get(backup.context().stateCounter());
    }

    private static int freeUdpPort(final String host)
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(host, 0)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("no free UDP port on " + host, ex);
        }
    }

    /**
     * Stop the backup, its archive and its media driver, then release the directory.
     */
    public void close()
    {
        CloseHelper.closeAll(backup, archive, driver, lock);
    }
}
