package io.streamflow.cluster;

import io.aeron.cluster.ClusterTool;
import io.streamflow.client.CreateStreamCommand;
import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.StreamsFile;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream created on a cluster is replicated with everything else: every member's journal has it (and its streams
 * file), each member's log server lists it, and after a restart from the cluster's snapshot and the log after it the
 * stream is there with its offsets going on.
 */
class ClusterCreateStreamTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3).withLogServers();

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);

    @Test
    void aCreatedStreamReplicatesAndSurvivesARestartFromTheSnapshot()
    {
        final StreamCatalog configured = StreamCatalog.parse(ProtocolDefaults.STREAMS);
        final int streamId = configured.maxId() + 1;
        final String expected = configured.toSpec() + ",audit=" + streamId + ":2";
        cluster.start();
        final ClusterNode leader = cluster.awaitLeader(30_000);
        try (StreamFlowClient client = cluster.client(71))
        {
            client.createStream(new CreateStreamCommand("audit", 2, CreateStreamCommand.NEXT_FREE_ID), TIMEOUT_NS);
            assertEquals(List.of(0L, 1L, 0L), append(client, streamId, 1, 1, 0));
        }
        final ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
        assertTrue(ClusterTool.snapshot(leader.context().clusterDir(), new PrintStream(toolOutput, true,
            StandardCharsets.UTF_8)), toolOutput.toString(StandardCharsets.UTF_8));
        for (int id = 0; id < cluster.size(); id++)
        {
            final ClusterNode node = cluster.node(id);
            TestNodes.await(() -> 3 == node.lastSnapshotSequence(), 30_000, () -> { },
                "member " + id + " to take the snapshot");
        }
        try (StreamFlowClient client = cluster.client(72))
        {
            assertEquals(List.of(2L), append(client, streamId, 1));
        }
        cluster.awaitEqualStateHash(4, 30_000);
        for (int id = 0; id < cluster.size(); id++)
        {
            try (StreamFlowClient client = cluster.client(80 + id, cluster.logServerEndpoint(id)))
            {
                assertEquals(expected, StreamCatalog.parse(client.listStreams(TIMEOUT_NS).streams()).toSpec(),
                    "member " + id + "'s log server lists it");
            }
        }

        cluster.close();
        for (int id = 0; id < cluster.size(); id++)
        {
            assertEquals(expected, StreamsFile.read(new File(cluster.memberDir(id), "journal")).toSpec(),
                "member " + id + "'s streams file");
        }
        cluster.expectClusterWarnings("followerLogAwait - joinPosition=");
        cluster.start();
        for (int id = 0; id < cluster.size(); id++)
        {
            assertEquals(3, cluster.node(id).loadedSnapshotSequence(), "member " + id + " started from it");
        }
        cluster.awaitLeader(30_000);
        try (StreamFlowClient client = cluster.client(73))
        {
            assertEquals(List.of(3L, 1L), append(client, streamId, 1, 0), "the offsets go on after the restart");
        }
    }

    /**
     * Append one record to each partition given, each acknowledged before the next.
     *
     * @return the offset each got.
     */
    private List<Long> append(final StreamFlowClient client, final int streamId, final int... partitions)
    {
        final List<Long> offsets = new ArrayList<>();
        final List<String> rejects = new ArrayList<>();
        final EgressListener listener = new EgressListener()
        {
            public void onAck(
                final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
            {
            }

            public void onAck(
                final long clientSequence,
                final long engineSequence,
                final long timestampNs,
                final boolean duplicate,
                final int partition,
                final long partitionOffset)
            {
                offsets.add(partitionOffset);
            }

            public void onReject(
                final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
            {
                rejects.add(reason + ": " + detail);
            }
        };
        for (int i = 0; i < partitions.length; i++)
        {
            payload.putLong(0, i);
            assertTrue(client.sendRecordTo(streamId, partitions[i], i, null, 0, 0, payload, 0, 16, listener) >= 0);
            final int answers = i + 1;
            TestNodes.await(() -> offsets.size() + rejects.size() == answers, 30_000, () -> client.poll(listener, 16),
                "the answer to record " + i);
        }
        assertEquals(List.of(), rejects);
        return offsets;
    }
}
