package io.streamflow.sequencer;

import io.streamflow.client.CreateStreamCommand;
import io.streamflow.client.GroupCommand;
import io.streamflow.client.GroupsListing;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.StreamsListing;
import io.streamflow.engine.Principals;
import io.streamflow.engine.SnapshotStore;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.StreamsFile;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.CreateStreamEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream created at run time (a journaled {@code CreateStream}, docs/log.md) is a stream like a configured one:
 * records name it once the creation is acknowledged, its partitions' offsets run from 0, the node lists it over the
 * wire and in the streams file beside the journal, groups consume it, and a restart (from the snapshot at close, an
 * older snapshot and the journal after it, or the journal alone) keeps it with its offsets. A creation with a taken
 * name or id, a bad name, a partition count out of range or from a principal that is not the node's operator is
 * refused with its reason, counted, and journals nothing; a resend is a duplicate.
 */
class CreateStreamTest
{
    private static final String STREAMS = "records=1:4,orders=3";
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    File dir;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);

    @Test
    void aCreatedStreamTakesRecordsIsListedAndConsumedByGroups()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 51))
        {
            final RecordingListener early = new RecordingListener();
            assertTrue(client.sendRecordTo(4, 0, 0, null, 0, 0, payload, 0, 16, early) >= 0);
            TestNodes.await(() -> early.answers() == 1, 10_000, () -> client.poll(early, 16), "the answer");
            assertEquals(RejectReason.UNKNOWN_STREAM, early.rejects.get(0).reason(), "no stream 4 before");

            client.createStream(new CreateStreamCommand("audit", 3, CreateStreamCommand.NEXT_FREE_ID), TIMEOUT_NS);
            final StreamsListing listing = client.listStreams(TIMEOUT_NS);
            final StreamCatalog listed = StreamCatalog.parse(listing.streams());
            assertEquals(4, listed.resolve("audit"), "the next free id: one more than the highest (3)");
            assertEquals(3, listed.partitionsOf(4));
            assertEquals(List.of(0, 1, 2), partitionsListed(listing, 4), "every partition listed at once");
            assertEquals("records=1:4,orders=3,audit=4:3", StreamsFile.read(new File(dir, "journal")).toSpec(),
                "the streams file beside the journal has it");

            assertEquals(List.of(0L, 0L, 1L, 0L), appendToPartitions(client, 4, 0, 1, 1, 2));

            client.createStream(new CreateStreamCommand("metrics", 1, 40), TIMEOUT_NS);
            assertEquals(List.of(0L, 1L), appendToPartitions(client, 40, 0, 0));
            assertEquals("records=1:4,orders=3,audit=4:3,metrics=40",
                StreamCatalog.parse(client.listStreams(TIMEOUT_NS).streams()).toSpec());

            final RecordingListener joined = new RecordingListener();
            assertTrue(client.sendCommand(new GroupCommand("auditors").join(4, 10_000), joined) >= 0);
            TestNodes.await(() -> joined.answers() == 1, 10_000, () -> client.poll(joined, 16), "the join's ack");
            joined.assertNoRejects();
            TestNodes.await(() -> groupOf(client, "auditors") != null, 10_000, () -> { }, "the group listed");
            final GroupsListing.Group group = groupOf(client, "auditors");
            assertEquals(4, group.streamId());
            assertEquals(3, group.partitions().size(), "the group has the created stream's partitions");
            assertEquals(2, group.partitions().get(1).endOffset(), "and its end offsets");
        }
        assertEquals("records=1:4,orders=3,audit=4:3,metrics=40",
            StreamsFile.read(new File(dir, "journal")).toSpec(), "still there after a stop");
        assertEquals(List.of("4/0/0", "4/1/0", "4/1/1", "4/2/0", "40/0/0", "40/0/1"), journaledRecords(),
            "the journal holds them with their partitions and offsets");
    }

    @Test
    void aCreatedStreamSurvivesARestartFromTheSnapshotAtClose()
    {
        restartAndGoOn(false, false);
    }

    @Test
    void aCreatedStreamSurvivesARestartFromAnOlderSnapshotAndTheJournalAfterIt()
    {
        restartAndGoOn(true, false);
    }

    @Test
    void aCreatedStreamSurvivesARestartFromTheJournalAlone()
    {
        restartAndGoOn(false, true);
    }

    @Test
    void badCreationsAreRefusedWithTheirReasonCountedAndNotJournaled()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 52))
        {
            final RecordingListener listener = new RecordingListener();
            long clientSequence = 0;
            sendRaw(client, clientSequence++, "records", 0, 2, listener);
            sendRaw(client, clientSequence++, "fresh", 3, 2, listener);
            sendRaw(client, clientSequence++, "has space", 0, 1, listener);
            sendRaw(client, clientSequence++, "", 0, 1, listener);
            sendRaw(client, clientSequence++, "x".repeat(250), 0, 1, listener);
            sendRaw(client, clientSequence++, "..", 0, 1, listener);
            sendRaw(client, clientSequence++, "zero", 0, 0, listener);
            sendRaw(client, clientSequence++, "many", 0, StreamCatalog.MAX_PARTITIONS + 1, listener);
            sendRaw(client, clientSequence++, "negative", -5, 1, listener);
            sendRaw(client, clientSequence++, "huge", 0, StreamCatalog.MAX_PARTITIONS, listener);
            final int expected = (int)clientSequence;
            TestNodes.await(() -> listener.answers() == expected, 10_000, () -> client.poll(listener, 16),
                "every answer");

            final List<RejectReason> reasons = new ArrayList<>();
            for (final RecordingListener.Reject reject : listener.rejects)
            {
                reasons.add(reject.reason());
                assertTrue(reject.detail().contains("stream"), "a reason people can read: " + reject.detail());
            }
            assertEquals(List.of(RejectReason.STREAM_EXISTS, RejectReason.STREAM_EXISTS,
                RejectReason.INVALID_STREAM, RejectReason.INVALID_STREAM, RejectReason.INVALID_STREAM,
                RejectReason.INVALID_STREAM, RejectReason.INVALID_STREAM, RejectReason.INVALID_STREAM,
                RejectReason.INVALID_STREAM), reasons);
            assertEquals(2, node.counters().rejects(RejectReason.STREAM_EXISTS));
            assertEquals(7, node.counters().rejects(RejectReason.INVALID_STREAM));
            assertEquals(1, node.counters().journalEntries(), "only the good creation was journaled");

        }
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 55))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> client.createStream(new CreateStreamCommand("huge", 2, 0), TIMEOUT_NS));
            assertTrue(refused.getMessage().contains("STREAM_EXISTS"), "after a restart too: " +
                refused.getMessage());
        }
    }

    @Test
    void aResentCreationIsADuplicateAndCreatesNothingMore()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 53))
        {
            final RecordingListener listener = new RecordingListener();
            sendRaw(client, 0, "once", 0, 2, listener);
            sendRaw(client, 0, "once", 0, 2, listener);
            TestNodes.await(() -> listener.answers() == 2, 10_000, () -> client.poll(listener, 16), "both answers");
            listener.assertNoRejects();
            assertEquals(1, node.counters().duplicates(), "the resend was answered as a duplicate");
            assertEquals(1, node.counters().journalEntries());
            assertEquals("records=1:4,orders=3,once=4:2",
                StreamCatalog.parse(client.listStreams(TIMEOUT_NS).streams()).toSpec());
        }
    }

    @Test
    void onlyThePrincipalGivenEveryAccountCreatesStreams() throws Exception
    {
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), String.join("\n",
            Principals.line("alice", "alice-secret", "61", "1,2"),
            Principals.line("ops", "ops-secret", "62", "*"),
            ""));
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node")).streams(STREAMS)
            .principals(Principals.load(credentials))))
        {
            try (StreamFlowClient alice = client(node, 61, "alice", "alice-secret"))
            {
                final IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> alice.createStream(new CreateStreamCommand("mine", 1, 0), TIMEOUT_NS));
                assertTrue(refused.getMessage().contains("NOT_AUTHORIZED"), refused.getMessage());
                assertEquals(1, node.counters().rejects(RejectReason.NOT_AUTHORIZED));
            }
            try (StreamFlowClient ops = client(node, 62, "ops", "ops-secret"))
            {
                ops.createStream(new CreateStreamCommand("mine", 1, 0), TIMEOUT_NS);
                assertEquals(4, StreamCatalog.parse(ops.listStreams(TIMEOUT_NS).streams()).resolve("mine"));
            }
        }
    }

    @Test
    void aStreamCreatedAtRunTimeIsNamedForCompactionAtTheNextStart()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(0));
            StreamFlowClient client = TestNodes.ipcClient(node, 56))
        {
            client.createStream(new CreateStreamCommand("prices", 2, 0), TIMEOUT_NS);
        }
        try (StreamFlowNode node = StreamFlowNode.launch(context(0).compactStreams("prices")))
        {
            assertEquals(List.of(4), java.util.Arrays.stream(node.context().engineContext().compactedStreamIds())
                .boxed().toList(), "from the streams the node recorded beside its journal");
        }
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> StreamFlowNode.launch(context(0).compactStreams("nothing")));
        assertTrue(unknown.getMessage().contains("prices"), "the created stream among those named: " +
            unknown.getMessage());
    }

    private void restartAndGoOn(final boolean dropNewestSnapshot, final boolean dropAllSnapshots)
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(5));
            StreamFlowClient client = TestNodes.ipcClient(node, 54))
        {
            client.createStream(new CreateStreamCommand("audit", 2, 0), TIMEOUT_NS);
            assertEquals(List.of(0L, 0L, 1L, 1L, 2L, 3L), appendToPartitions(client, 4, 0, 1, 1, 0, 0, 0));
            TestNodes.await(() -> node.counters().snapshots() >= 1, 10_000, () -> { }, "a snapshot after 5");
            client.createStream(new CreateStreamCommand("later", 1, 0), TIMEOUT_NS);
            assertEquals(List.of(0L), appendToPartitions(client, 5, 0));
            assertEquals(List.of(2L), appendToPartitions(client, 4, 1));
        }
        final File snapshotDir = new File(dir, "snapshots");
        if (dropNewestSnapshot)
        {
            final File[] snapshots = new SnapshotStore(snapshotDir).newestFirst();
            assertTrue(snapshots.length >= 2, "a snapshot after 5 and one at close: " + snapshots.length);
            assertTrue(snapshots[0].delete());
        }
        if (dropAllSnapshots)
        {
            IoUtil.delete(snapshotDir, false);
        }
        assertTrue(new File(new File(dir, "journal"), StreamsFile.NAME).delete(),
            "the streams come from the state and the journal, not from the file");

        try (StreamFlowNode node = StreamFlowNode.launch(context(5));
            StreamFlowClient client = TestNodes.ipcClient(node, 54))
        {
            if (dropAllSnapshots)
            {
                assertEquals(-1, node.restoredSnapshotSequence());
            }
            if (dropNewestSnapshot)
            {
                assertTrue(node.replayedCommands() > 0, "from an older snapshot and the journal after it");
            }
            assertEquals("records=1:4,orders=3,audit=4:2,later=5", node.engine().streams().catalog().toSpec());
            assertEquals("records=1:4,orders=3,audit=4:2,later=5",
                StreamCatalog.parse(client.listStreams(TIMEOUT_NS).streams()).toSpec());
            assertEquals("records=1:4,orders=3,audit=4:2,later=5",
                StreamsFile.read(new File(dir, "journal")).toSpec(), "the file is written again at launch");
            assertEquals(List.of(4L, 3L), appendToPartitions(client, 4, 0, 1), "the offsets go on");
            assertEquals(List.of(1L), appendToPartitions(client, 5, 0));
        }
    }

    /**
     * Append one record to each partition of the stream given, in order, each acknowledged before the next.
     *
     * @return the offset each got.
     */
    private List<Long> appendToPartitions(final StreamFlowClient client, final int streamId, final int... partitions)
    {
        final PartitionsTest.PartitionListener listener = new PartitionsTest.PartitionListener();
        final List<Long> offsets = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < partitions.length; i++)
        {
            payload.putLong(0, i);
            assertTrue(client.sendRecordTo(streamId, partitions[i], i, null, 0, 0, payload, 0, 16, listener) >= 0);
            sent++;
            final int expected = sent;
            TestNodes.await(() -> listener.answers() == expected, 10_000, () -> client.poll(listener, 16), "ack");
            listener.assertNoRejects();
            offsets.add(listener.acks.get(sent - 1).partitionOffset());
        }
        return offsets;
    }

    private static void sendRaw(
        final StreamFlowClient client,
        final long clientSequence,
        final String name,
        final int streamId,
        final int partitions,
        final RecordingListener listener)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final CreateStreamEncoder encoder = new CreateStreamEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .clientId(client.clientId())
            .clientSequence(clientSequence)
            .streamId(streamId)
            .partitions(partitions)
            .name(name);
        assertTrue(client.sendRaw(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(),
            listener) > 0);
    }

    private static List<Integer> partitionsListed(final StreamsListing listing, final int streamId)
    {
        final List<Integer> partitions = new ArrayList<>();
        for (final StreamsListing.Partition partition : listing.partitions())
        {
            if (partition.streamId() == streamId)
            {
                partitions.add(partition.partition());
            }
        }
        return partitions;
    }

    private static GroupsListing.Group groupOf(final StreamFlowClient client, final String name)
    {
        for (final GroupsListing.Group group : client.listGroups(TIMEOUT_NS).groups())
        {
            if (group.name().equals(name))
            {
                return group;
            }
        }
        return null;
    }

    /**
     * @return every record of a created stream in the journal, as stream/partition/offset.
     */
    private List<String> journaledRecords()
    {
        final List<String> records = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        try (Journal journal = Journal.openReadOnly(new File(dir, "journal"));
            JournalReader reader = journal.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                view.wrap(buffer, offset, length);
                if (view.streamId() > 3)
                {
                    records.add(view.streamId() + "/" + view.partition() + "/" + view.partitionOffset());
                }
            }, 4096) > 0)
            {
                continue;
            }
        }
        assertFalse(records.isEmpty());
        return records;
    }

    private StreamFlowNode.Context context(final long snapshotInterval)
    {
        return TestNodes.context(dir).streams(STREAMS).snapshotInterval(snapshotInterval);
    }

    private static StreamFlowClient client(
        final StreamFlowNode node, final long clientId, final String principal, final String secret)
    {
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .aeronDirectoryName(node.context().aeronDirectoryName())
            .clientId(clientId)
            .credentials(principal, secret));
    }
}
