package io.streamflow.cluster;

import io.aeron.cluster.ClusterTool;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.sequencer.TestNodes;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ClusterBackup follows the cluster's log and snapshots into a directory of its own; every member's directory lost,
 * the cluster restored from the backup (its cluster and archive directories copied into each member's) reaches the
 * state hash it had, and takes new commands.
 */
class ClusterBackupTest
{
    @RegisterExtension
    final TestCluster cluster = new TestCluster(3);

    @TempDir
    File backupDir;

    @Test
    void aClusterRestoredFromItsBackupReachesTheSameState() throws IOException
    {
        // A member that joins the first election after the leader began its term, or restarts with less of the log
        // than another, finds its log behind the leader's join position and catches up: Aeron Cluster warns so.
        cluster.expectClusterWarnings("followerLogAwait - joinPosition=");
        cluster.start();
        final long hash;
        try (ClusterBackupNode backup = ClusterBackupNode.launch(backupDir, cluster.members(),
            TestNodes.aeronDirFor(new File(backupDir, "backup")), TimeUnit.SECONDS.toNanos(1)))
        {
            try (StreamFlowClient client = cluster.client(41))
            {
                run(client, 2_000);
                final ClusterNode leader = cluster.awaitLeader(10_000);
                assertTrue(ClusterTool.snapshot(
                    leader.context().clusterDir(), new PrintStream(OutputStream.nullOutputStream())));
                run(client, 1_000);
            }
            hash = cluster.awaitEqualStateHash(2_999, 30_000);
            final long commitPosition = cluster.awaitLeader(10_000).commitPosition();
            TestNodes.await(() -> backup.liveLogPosition() >= commitPosition, 60_000, () -> { },
                "the backup to follow the log to " + commitPosition + " (state " + backup.state() + ", at " +
                backup.liveLogPosition() + ")");
        }
        cluster.close();

        for (int id = 0; id < cluster.size(); id++)
        {
            final File memberDir = cluster.memberDir(id);
            IoUtil.delete(memberDir, false);
            copy(new File(backupDir, "cluster").toPath(), new File(memberDir, "cluster").toPath());
            copy(new File(backupDir, "archive").toPath(), new File(memberDir, "archive").toPath());
        }
        cluster.start();
        assertEquals(hash, cluster.awaitEqualStateHash(2_999, 60_000), "restored from the backup");
        try (StreamFlowClient client = cluster.client(42))
        {
            run(client, 500);
        }
        cluster.awaitEqualStateHash(3_499, 30_000);
    }

    private static void run(final StreamFlowClient client, final int count)
    {
        final LoadGenerator.Result result = LoadGenerator.run(new RecordTarget(client, 1),
            new LoadGenerator.Settings(count, 0, 0, 16, 1, 10, 256, TimeUnit.SECONDS.toNanos(30)));
        assertEquals(count, result.acked());
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path));
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
