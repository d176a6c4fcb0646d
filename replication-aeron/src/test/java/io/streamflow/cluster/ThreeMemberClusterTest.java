package io.streamflow.cluster;

import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.TestNodes;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members in one JVM, each with its own media driver and directories, and a StreamFlow client in cluster
 * mode: every record is acknowledged once the cluster has committed it, and every member's journal holds the same
 * entries (same engine sequences, same cluster timestamps, same bytes), each verifying.
 */
class ThreeMemberClusterTest
{
    private static final int MEMBERS = 3;
    private static final int RECORDS = 2_000;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(MEMBERS);

    @Test
    void everyMemberJournalsTheSameEntries()
    {
        cluster.start();

        final LongArrayList acked = new LongArrayList();
        final EgressListener listener = new EgressListener()
        {
            public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                final boolean duplicate)
            {
                acked.add(clientSequence);
            }

            public void onReject(final long clientSequence, final RejectReason reason, final int rejectedTemplateId,
                final String detail)
            {
                throw new AssertionError("rejected " + clientSequence + ": " + reason + " " + detail);
            }
        };

        try (StreamFlowClient client = cluster.client(9))
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
            for (int i = 0; i < RECORDS; i++)
            {
                payload.putLong(0, i);
                assertTrue(client.sendRecord(1, i, null, 0, 0, payload, 0, payload.capacity(), listener) >= 0);
                client.poll(listener, 64);
            }
            TestNodes.await(() -> acked.size() == RECORDS, 60_000, () -> client.poll(listener, 64), "every ack");
        }
        for (int i = 0; i < RECORDS; i++)
        {
            assertEquals(i, acked.getLong(i), "acks in order, each once");
        }

        cluster.awaitJournaled(RECORDS - 1, 20_000);
        cluster.close();
        final List<byte[]> first = cluster.verifiedJournal(0);
        assertEquals(RECORDS, first.size());
        for (int id = 1; id < MEMBERS; id++)
        {
            final List<byte[]> entries = cluster.verifiedJournal(id);
            assertEquals(RECORDS, entries.size());
            for (int i = 0; i < RECORDS; i++)
            {
                assertTrue(Arrays.equals(first.get(i), entries.get(i)), "member " + id + " entry " + i);
            }
        }
    }
}
