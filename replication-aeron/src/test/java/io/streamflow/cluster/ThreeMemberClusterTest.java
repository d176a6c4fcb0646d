package io.streamflow.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.streamflow.engine.Engine;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalVerifier;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.ConnectAckDecoder;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sequencer.ErrorLogCheck;
import io.streamflow.sequencer.TestNodes;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members in one JVM, each with its own media driver and directories, and a client over Aeron Cluster: every
 * record is acknowledged once the cluster has committed it, and every member's journal holds the same entries (same
 * engine sequences, same cluster timestamps, same bytes), each verifying.
 */
class ThreeMemberClusterTest
{
    private static final int MEMBERS = 3;
    private static final int RECORDS = 2_000;

    @TempDir
    File dir;

    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(nodes);
    }

    @Test
    void everyMemberJournalsTheSameEntries()
    {
        final String members = ClusterMembers.loopback(MEMBERS, ClusterMembers.freeLoopbackBasePort(MEMBERS));
        for (int id = 0; id < MEMBERS; id++)
        {
            nodes.add(ClusterNode.launch(memberContext(id, members)));
        }

        final LongArrayList acked = new LongArrayList();
        final long[] connectAcks = { 0 };
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AckDecoder ack = new AckDecoder();
        final EgressListener listener = (clusterSessionId, timestamp, buffer, offset, length, h) ->
        {
            header.wrap(buffer, offset);
            if (AckDecoder.TEMPLATE_ID == header.templateId())
            {
                acked.add(ack.wrapAndApplyHeader(buffer, offset, header).clientSequence());
            }
            else if (ConnectAckDecoder.TEMPLATE_ID == header.templateId())
            {
                connectAcks[0]++;
            }
        };

        final File clientDriverDir = new File(TestNodes.aeronDirFor(new File(dir, "client")));
        try (MediaDriver clientDriver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(clientDriverDir.getPath())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            AeronCluster client = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(clientDriverDir.getPath())
                .egressListener(listener)
                .egressChannel("aeron:udp?endpoint=localhost:0")
                .ingressChannel("aeron:udp")
                .ingressEndpoints(ClusterMembers.ingressEndpoints(members))))
        {
            assertTrue(clientDriver.context().aeronDirectory().isDirectory());
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
            final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
                .clientId(9).responseStreamId(0).responseChannel("").putCredentials(new byte[0], 0, 0);
            offer(client, buffer, MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
            TestNodes.await(() -> 1 == connectAcks[0], 20_000, client::pollEgress, "the ConnectAck");

            final RecordEncoder record = new RecordEncoder();
            for (int i = 0; i < RECORDS; i++)
            {
                record.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .clientId(9).clientSequence(i).streamId(1).eventTimestampNs(i)
                    .putKey(new byte[0], 0, 0).putPayload(new byte[16], 0, 16);
                offer(client, buffer, MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength());
                client.pollEgress();
            }
            TestNodes.await(() -> acked.size() == RECORDS, 60_000, client::pollEgress, "every ack");
        }
        for (int i = 0; i < RECORDS; i++)
        {
            assertEquals(i, acked.getLong(i), "acks in order, each once");
        }

        // Committed means a majority has it: a follower may still be applying the tail.
        for (final ClusterNode node : nodes)
        {
            TestNodes.await(() -> null != node.service().counters() &&
                node.service().counters().journalLastSequence() == RECORDS - 1, 20_000, () -> { },
                "member " + node.context().memberId() + " to journal the last record");
        }
        CloseHelper.closeAll(nodes);
        nodes.clear();
        final List<byte[]> first = journalBytes(new File(dir, "member-0"));
        assertEquals(RECORDS, first.size());
        for (int id = 0; id < MEMBERS; id++)
        {
            final File memberDir = new File(dir, "member-" + id);
            try (Journal journal = Journal.openReadOnly(new File(memberDir, "journal")))
            {
                final JournalVerifier.Result result = JournalVerifier.verify(journal);
                assertTrue(result.isValid(), "member " + id + ": " + result.fault());
                assertEquals(RECORDS, result.entries());
            }
            final List<byte[]> entries = journalBytes(memberDir);
            for (int i = 0; i < RECORDS; i++)
            {
                assertTrue(Arrays.equals(first.get(i), entries.get(i)), "member " + id + " entry " + i);
            }
        }
    }

    private ClusterNode.Context memberContext(final int id, final String members)
    {
        final File memberDir = new File(dir, "member-" + id);
        ErrorLogCheck.watch(memberDir);
        return new ClusterNode.Context()
            .memberId(id)
            .clusterMembers(members)
            .dir(memberDir)
            .aeronDirectoryName(TestNodes.aeronDirFor(memberDir))
            .engine(new Engine.Context().operator(new StandardOperator.Context().newOperator()));
    }

    private static void offer(final AeronCluster client, final DirectBuffer buffer, final int length)
    {
        TestNodes.await(() -> client.offer(buffer, 0, length) > 0, 10_000, client::pollEgress, "an offer");
    }

    private static List<byte[]> journalBytes(final File memberDir)
    {
        final List<byte[]> entries = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        try (Journal journal = Journal.openReadOnly(new File(memberDir, "journal"));
            JournalReader reader = journal.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                entries.add(bytes);
            }, 4096) > 0)
            {
                continue;
            }
        }
        return entries;
    }
}
