package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.SnapshotStore;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectReason;
import net.openhft.hashing.LongHashFunction;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream's records spread over its partitions as docs/log.md defines (xxHash64 of the key, seed 0, unsigned, modulo
 * the partitions; the engine sequence modulo the partitions for no key; the producer's choice when it names one), each
 * partition's offsets run 0, 1, 2... in engine sequence order, the ack and the journal agree on both, and a restart
 * (from the snapshot at close, from an older snapshot and the journal after it, or from the journal alone) goes on
 * where the offsets were.
 */
class PartitionsTest
{
    private static final int RECORDS_STREAM = 1;
    private static final int SINGLE_STREAM = 5;
    private static final int PARTITIONS = 4;
    private static final String STREAMS = "records=1:4,single=5";

    @TempDir
    File dir;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final Map<String, Long> expectedNextOffset = new HashMap<>();
    private final List<Appended> appended = new ArrayList<>();

    /** What the test sent and where the ack said it went. */
    record Appended(long engineSequence, int streamId, int partition, long partitionOffset)
    {
    }

    @Test
    void keyedKeylessAndNamedRecordsGoWhereTheRulesSayWithContiguousOffsets()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 41))
        {
            sendMixed(client, 300);
        }
        assertOffsetsContiguousAndJournaled();
    }

    @Test
    void offsetsGoOnAfterARestartFromTheSnapshotAtClose()
    {
        restartAndGoOn(false, false);
    }

    @Test
    void offsetsGoOnAfterARestartFromAnOlderSnapshotAndTheJournalAfterIt()
    {
        restartAndGoOn(true, false);
    }

    @Test
    void offsetsGoOnAfterARestartFromTheJournalAlone()
    {
        restartAndGoOn(false, true);
    }

    @Test
    void aPartitionTheStreamDoesNotHaveIsRejectedAndCounted()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 42))
        {
            final PartitionListener listener = new PartitionListener();
            payload.putLong(0, 1);
            assertTrue(client.sendRecordTo(RECORDS_STREAM, PARTITIONS, 0, null, 0, 0, payload, 0, 16, listener) >= 0);
            assertTrue(client.sendRecordTo(SINGLE_STREAM, 1, 0, null, 0, 0, payload, 0, 16, listener) >= 0);
            assertTrue(client.sendRecordTo(RECORDS_STREAM, 3, 0, null, 0, 0, payload, 0, 16, listener) >= 0);
            TestNodes.await(() -> listener.answers() == 3, 10_000, () -> client.poll(listener, 16), "3 answers");

            assertEquals(2, listener.rejects.size(), "rejects: " + listener.rejects);
            for (final RecordingListener.Reject reject : listener.rejects)
            {
                assertEquals(RejectReason.UNKNOWN_PARTITION, reject.reason());
                assertTrue(reject.detail().contains("partition"), "a reason people can read: " + reject.detail());
            }
            assertEquals(2, node.counters().rejects(RejectReason.UNKNOWN_PARTITION));
            assertEquals(1, node.counters().journalEntries(), "nothing rejected was journaled");
            assertEquals(1, listener.acks.size());
            assertEquals(new Appended(0, RECORDS_STREAM, 3, 0), listener.appended(0, RECORDS_STREAM));
        }
    }

    @Test
    void aRecordOfTheSchemaBeforePartitionsIsAcceptedAndPartitionedByItsKey()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 43))
        {
            final PartitionListener listener = new PartitionListener();
            final byte[] keyBytes = "version-2-key".getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
            final int length = encodeVersion2Record(message, client.nextClientSequence(), keyBytes);
            assertTrue(client.sendRaw(message, 0, length, listener) > 0);
            TestNodes.await(() -> listener.answers() == 1, 10_000, () -> client.poll(listener, 16), "the answer");

            listener.assertNoRejects();
            assertEquals(new Appended(0, RECORDS_STREAM, referencePartition(keyBytes), 0),
                listener.appended(0, RECORDS_STREAM));
        }
    }

    private void restartAndGoOn(final boolean dropNewestSnapshot, final boolean dropAllSnapshots)
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(100));
            StreamFlowClient client = TestNodes.ipcClient(node, 44))
        {
            sendMixed(client, 150);
            TestNodes.await(() -> node.counters().snapshots() >= 1, 10_000, () -> { }, "a snapshot after 100");
            sendMixed(client, 100);
        }
        final File snapshotDir = new File(dir, "snapshots");
        if (dropNewestSnapshot)
        {
            final File[] snapshots = new SnapshotStore(snapshotDir).newestFirst();
            assertTrue(snapshots.length >= 2, "a snapshot after 100 and one at close: " + snapshots.length);
            assertTrue(snapshots[0].delete());
        }
        if (dropAllSnapshots)
        {
            IoUtil.delete(snapshotDir, false);
        }

        try (StreamFlowNode node = StreamFlowNode.launch(context(100));
            StreamFlowClient client = TestNodes.ipcClient(node, 44))
        {
            if (dropNewestSnapshot)
            {
                assertTrue(node.replayedCommands() > 0, "recovered from the journal after an older snapshot");
                assertTrue(node.restoredSnapshotSequence() >= 0, "from a snapshot");
            }
            if (dropAllSnapshots)
            {
                assertEquals(-1, node.restoredSnapshotSequence());
                assertEquals(250, node.replayedCommands(), "recovered from the journal alone");
            }
            sendMixed(client, 120);
        }
        assertOffsetsContiguousAndJournaled();
    }

    private StreamFlowNode.Context context(final long snapshotInterval)
    {
        return TestNodes.context(dir).streams(STREAMS).snapshotInterval(snapshotInterval);
    }

    /**
     * Keyed records to the four partitions of stream 1, keyless ones, ones naming a partition, and records to a
     * stream of one partition; each ack checked against the rules as it arrives.
     */
    private void sendMixed(final StreamFlowClient client, final int count)
    {
        final PartitionListener listener = new PartitionListener();
        final Map<Long, Integer> expectedPartitionByClientSequence = new HashMap<>();
        final Map<Long, Integer> streamByClientSequence = new HashMap<>();
        for (int i = 0; i < count; i++)
        {
            payload.putLong(0, i);
            final long clientSequence;
            switch (i % 5)
            {
                case 0, 1 ->
                {
                    final byte[] keyBytes = ("account-" + (i % 37)).getBytes(StandardCharsets.US_ASCII);
                    key.putBytes(0, keyBytes);
                    clientSequence = client.sendRecord(RECORDS_STREAM, i, key, 0, keyBytes.length, payload, 0, 16,
                        listener);
                    expectedPartitionByClientSequence.put(clientSequence, referencePartition(keyBytes));
                }
                case 2 ->
                {
                    clientSequence = client.sendRecord(RECORDS_STREAM, i, null, 0, 0, payload, 0, 16, listener);
                }
                case 3 ->
                {
                    clientSequence = client.sendRecordTo(RECORDS_STREAM, i % PARTITIONS, i, null, 0, 0, payload, 0,
                        16, listener);
                    expectedPartitionByClientSequence.put(clientSequence, i % PARTITIONS);
                }
                default ->
                {
                    key.putInt(0, i);
                    clientSequence = client.sendRecord(SINGLE_STREAM, i, key, 0, 4, payload, 0, 16, listener);
                    expectedPartitionByClientSequence.put(clientSequence, 0);
                }
            }
            assertTrue(clientSequence >= 0, "send " + i + ": " + clientSequence);
            streamByClientSequence.put(clientSequence, 4 == i % 5 ? SINGLE_STREAM : RECORDS_STREAM);
            client.poll(listener, 64);
        }
        TestNodes.await(() -> listener.answers() >= count, 30_000, () -> client.poll(listener, 256), "acks");
        listener.assertNoRejects();
        assertEquals(count, listener.acks.size());

        for (int i = 0; i < count; i++)
        {
            final long clientSequence = listener.acks.get(i).clientSequence();
            final Appended ack = listener.appended(i, streamByClientSequence.get(clientSequence));
            final Integer expected = expectedPartitionByClientSequence.get(clientSequence);
            if (null != expected)
            {
                assertEquals(expected, ack.partition(), "partition of client sequence " + clientSequence);
            }
            else
            {
                assertEquals(ack.engineSequence() % PARTITIONS, ack.partition(), "keyless: engine sequence % 4");
            }
            final String partitionName = ack.streamId() + "/" + ack.partition();
            final long nextOffset = expectedNextOffset.getOrDefault(partitionName, 0L);
            assertEquals(nextOffset, ack.partitionOffset(), "offset in " + partitionName + " of " + clientSequence);
            expectedNextOffset.put(partitionName, nextOffset + 1);
        }
        for (int i = 0; i < count; i++)
        {
            appended.add(listener.appended(i, streamByClientSequence.get(listener.acks.get(i).clientSequence())));
        }
    }

    /**
     * The journal holds every record acked, each with the stream, partition and offset its ack gave, and a
     * partition's offsets run from 0 without a gap in engine sequence order.
     */
    private void assertOffsetsContiguousAndJournaled()
    {
        final List<Appended> journaled = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        try (Journal journal = Journal.openReadOnly(new File(dir, "journal"));
            JournalReader reader = journal.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                view.wrap(buffer, offset, length);
                journaled.add(new Appended(view.engineSequence(), view.streamId(), view.partition(),
                    view.partitionOffset()));
            }, 4096) > 0)
            {
                continue;
            }
        }
        assertEquals(appended, journaled);

        final Map<String, Long> nextOffset = new HashMap<>();
        for (final Appended entry : journaled)
        {
            final String partitionName = entry.streamId() + "/" + entry.partition();
            final long expected = nextOffset.getOrDefault(partitionName, 0L);
            assertEquals(expected, entry.partitionOffset(), "contiguous offsets in " + partitionName);
            nextOffset.put(partitionName, expected + 1);
        }
        assertEquals(PARTITIONS + 1, nextOffset.size(), "every partition used: " + nextOffset);
    }

    /**
     * The partition docs/log.md defines for a key, from the hash library directly rather than the engine's code.
     */
    private static int referencePartition(final byte[] keyBytes)
    {
        return (int)Long.remainderUnsigned(LongHashFunction.xx(0).hashBytes(keyBytes), PARTITIONS);
    }

    /**
     * A record as a client of schema version 2 sends it: no partition field, so a block four bytes shorter.
     */
    private static int encodeVersion2Record(final UnsafeBuffer buffer, final long clientSequence, final byte[] keyBytes)
    {
        final int blockLength = RecordEncoder.BLOCK_LENGTH - 4;
        new MessageHeaderEncoder().wrap(buffer, 0)
            .blockLength(blockLength)
            .templateId(RecordEncoder.TEMPLATE_ID)
            .schemaId(RecordEncoder.SCHEMA_ID)
            .version(2);
        int offset = MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putLong(offset + RecordEncoder.clientIdEncodingOffset(), 43);
        buffer.putLong(offset + RecordEncoder.clientSequenceEncodingOffset(), clientSequence);
        buffer.putInt(offset + RecordEncoder.streamIdEncodingOffset(), RECORDS_STREAM);
        buffer.putLong(offset + RecordEncoder.eventTimestampNsEncodingOffset(), 0);
        offset += blockLength;
        buffer.putInt(offset, keyBytes.length);
        buffer.putBytes(offset + 4, keyBytes);
        offset += 4 + keyBytes.length;
        buffer.putInt(offset, 8);
        buffer.putLong(offset + 4, 7);
        return offset + 4 + 8;
    }

    /** Keeps where each record went, in the order the acks came. */
    static final class PartitionListener extends RecordingListener
    {
        final List<Ack> acks = new ArrayList<>();

        record Ack(long clientSequence, long engineSequence, int partition, long partitionOffset)
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
            onAck(clientSequence, engineSequence, timestampNs, duplicate);
            if (!duplicate)
            {
                acks.add(new Ack(clientSequence, engineSequence, partition, partitionOffset));
            }
        }

        Appended appended(final int index, final int streamId)
        {
            final Ack ack = acks.get(index);
            return new Appended(ack.engineSequence(), streamId, ack.partition(), ack.partitionOffset());
        }
    }
}
