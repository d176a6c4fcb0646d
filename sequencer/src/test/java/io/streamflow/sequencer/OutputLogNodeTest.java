package io.streamflow.sequencer;

import io.streamflow.client.FollowListener;
import io.streamflow.client.FollowedRecord;
import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.RetentionPolicy;
import io.streamflow.pipelines.TelemetryPipeline;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.OutputRecordDecoder;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipeline's results are in the node's output log though nobody subscribed, each output stream's offsets
 * contiguous; and recovery logs the outputs of the commands it replays that the log lacks, neither lost nor doubled:
 * a node that ran without the output log, restarted with it from its journal alone, logs exactly what a node that
 * logged from the start did, and a further replay adds nothing.
 */
class OutputLogNodeTest
{
    private static final int READINGS = 3_000;
    private static final long START_NS = 1_700_000_000_000_000_000L;

    @TempDir
    File dir;

    /** An output log entry. */
    record Logged(int stream, long engineSequence, int ordinal, long offset, long messageCrc)
    {
    }

    @Test
    void resultsAreLoggedWithNobodySubscribedAndRecoveryLogsWhatTheLogLacksOnce()
    {
        final File live = new File(dir, "live");
        run(live, true);
        final List<Logged> logged = read(live);
        final Map<Integer, Long> nextOffset = new HashMap<>();
        for (final Logged entry : logged)
        {
            final long expected = nextOffset.getOrDefault(entry.stream(), 0L);
            assertEquals(expected, entry.offset(), "contiguous offsets in output stream " + entry.stream());
            nextOffset.put(entry.stream(), expected + 1);
        }
        final long windows = nextOffset.getOrDefault(TelemetryPipeline.OUTPUT_STREAM_ID, 0L);
        assertTrue(windows >= 6, "closed windows of three devices over three seconds: " + windows);

        final File replayed = new File(dir, "replayed");
        run(replayed, false);
        assertTrue(!new File(replayed, "outputs").exists(), "no output log when it is off");
        IoUtil.delete(new File(replayed, "snapshots"), false);
        try (StreamFlowNode node = StreamFlowNode.launch(context(replayed, true)))
        {
            assertEquals(READINGS, node.replayedCommands(), "the whole journal replayed");
        }
        assertEquals(logged, read(replayed), "recovery logged what the live node logged");

        IoUtil.delete(new File(replayed, "snapshots"), false);
        StreamFlowNode.launch(context(replayed, true)).close();
        assertEquals(logged, read(replayed), "a second replay adds nothing");
    }

    @Test
    void aConsumerFollowsAnOutputStreamFromTheRunningNodeFromAnyOffset()
    {
        final File nodeDir = new File(dir, "node");
        run(nodeDir, true);
        // A follow does not carry the log's ordinal field: compared without it.
        final List<Logged> logged = read(nodeDir).stream()
            .filter((l) -> TelemetryPipeline.OUTPUT_STREAM_ID == l.stream())
            .map((l) -> new Logged(l.stream(), l.engineSequence(), -1, l.offset(), l.messageCrc())).toList();
        try (StreamFlowNode node = StreamFlowNode.launch(context(nodeDir, true));
            StreamFlowClient client = TestNodes.ipcClient(node, 32);
            LogFollower all = client.followOutput(TelemetryPipeline.OUTPUT_STREAM_ID, FollowFrom.EARLIEST, 0);
            LogFollower fromTwo = client.followOutput(TelemetryPipeline.OUTPUT_STREAM_ID, FollowFrom.OFFSET, 2);
            LogFollower unknown = client.followOutput(9999, FollowFrom.EARLIEST, 0))
        {
            final Outputs allOutputs = new Outputs();
            final Outputs fromTwoOutputs = new Outputs();
            final Outputs unknownOutputs = new Outputs();
            TestNodes.await(() -> allOutputs.live && fromTwoOutputs.live && null != unknownOutputs.ended, 10_000, () ->
            {
                all.poll(allOutputs, 64);
                fromTwo.poll(fromTwoOutputs, 64);
                unknown.poll(unknownOutputs, 64);
            }, "two follows live and one refused");
            assertEquals(logged, allOutputs.received, "the window results the node logged, from its log server");
            assertEquals(logged.subList(2, logged.size()), fromTwoOutputs.received);
            assertEquals("unknown output stream 9999; the node's are [" + TelemetryPipeline.OUTPUT_STREAM_ID + ", " +
                TelemetryPipeline.LATE_OUTPUT_STREAM_ID + ", " + ProtocolDefaults.MARKET_DATA_STREAM_ID + "]",
                unknownOutputs.ended);
        }
    }

    @Test
    void retentionDropsTheOutputLogsOldCyclesAndItsOffsetsGoOnAfterARestart()
    {
        final File nodeDir = new File(dir, "retained");
        final File outputsDir = new File(nodeDir, "outputs");
        final File first;
        try (StreamFlowNode node = StreamFlowNode.launch(retainingContext(nodeDir));
            StreamFlowClient client = TestNodes.ipcClient(node, 31))
        {
            // Window results in two one-second cycles of the output log, whatever the clock said at start.
            TestNodes.awaitNextSecond();
            send(client, 0, 1_500);
            first = JournalScanner.cycleFiles(outputsDir).get(0);
            TestNodes.awaitNextSecond();
            send(client, 1_500, 3_000);
            TestNodes.await(() -> !first.exists() && node.counters().outputCyclesDropped.get() >= 1, 20_000,
                () -> { }, "the output log's first cycle to be dropped");
        }
        final List<Logged> kept = read(nodeDir);
        assertTrue(!kept.isEmpty() && kept.get(0).offset() > 0, "the first results went with their cycle: " + kept);
        final long nextOffset = kept.get(kept.size() - 1).offset() + 1;

        try (StreamFlowNode node = StreamFlowNode.launch(retainingContext(nodeDir));
            StreamFlowClient client = TestNodes.ipcClient(node, 31))
        {
            send(client, 3_000, 4_500);
        }
        final List<Logged> after = read(nodeDir).stream()
            .filter((l) -> TelemetryPipeline.OUTPUT_STREAM_ID == l.stream()).toList();
        final List<Logged> keptResults = kept.stream()
            .filter((l) -> TelemetryPipeline.OUTPUT_STREAM_ID == l.stream()).toList();
        assertEquals(keptResults, after.subList(0, keptResults.size()), "what was kept is still there");
        assertTrue(after.size() > keptResults.size(), "results after the restart");
        for (int i = 1; i < after.size(); i++)
        {
            assertEquals(after.get(i - 1).offset() + 1, after.get(i).offset(), "contiguous offsets at " + i);
        }
        assertEquals(nextOffset, keptResults.get(keptResults.size() - 1).offset() + 1);
    }

    /** What an output follow delivers, as the output log's entries. */
    static final class Outputs implements FollowListener
    {
        final List<Logged> received = new ArrayList<>();
        boolean live;
        String ended;

        public void onRecord(final FollowedRecord record)
        {
            final byte[] bytes = new byte[record.payloadLength()];
            record.buffer().getBytes(record.payloadOffset(), bytes);
            final CRC32 crc = new CRC32();
            crc.update(bytes);
            received.add(new Logged(record.streamId(), record.engineSequence(), -1, record.partitionOffset(),
                crc.getValue()));
        }

        public void onLive(final long correlationId, final long engineSequence)
        {
            live = true;
        }

        public void onEnded(final long correlationId, final boolean refused, final String reason)
        {
            ended = reason;
        }
    }

    private StreamFlowNode.Context context(final File nodeDir, final boolean outputLog)
    {
        return TestNodes.context(nodeDir).outputLog(outputLog)
            .operator(TestNodes.standardOperator(TelemetryPipeline.NAME));
    }

    private StreamFlowNode.Context retainingContext(final File nodeDir)
    {
        return context(nodeDir, true).journalRollCycle("TEST_SECONDLY").snapshotInterval(50)
            .journalRetention(new RetentionPolicy(TimeUnit.SECONDS.toNanos(1), 0, false));
    }

    /**
     * Send readings {@code from} to {@code to} (exclusive), one every millisecond of event time, and await the acks.
     */
    private static void send(final StreamFlowClient client, final int from, final int to)
    {
        final RecordingListener listener = new RecordingListener();
        final UnsafeBuffer reading = new UnsafeBuffer(new byte[TelemetryPipeline.Reading.LENGTH]);
        for (int i = from; i < to; i++)
        {
            final long timeNs = START_NS + i * 1_000_000L;
            TelemetryPipeline.Reading.encode(reading, i % 3, 1, i, timeNs);
            assertTrue(client.sendRecord(2, timeNs, null, 0, 0, reading, 0, reading.capacity(), listener) >= 0);
            client.poll(listener, 64);
        }
        TestNodes.await(() -> listener.answers() == to - from, 30_000, () -> client.poll(listener, 256), "acks");
        listener.assertNoRejects();
    }

    private void run(final File nodeDir, final boolean outputLog)
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context(nodeDir, outputLog));
            StreamFlowClient client = TestNodes.ipcClient(node, 31))
        {
            send(client, 0, READINGS);
        }
    }

    private static List<Logged> read(final File nodeDir)
    {
        final List<Logged> logged = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (Journal log = Journal.openReadOnly(new File(nodeDir, "outputs")); JournalReader reader = log.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                view.wrap(buffer, offset, length);
                header.wrap(buffer, view.messageOffset());
                assertEquals(OutputRecordDecoder.TEMPLATE_ID, header.templateId(), "as published: an OutputRecord");
                final byte[] bytes = new byte[view.messageLength()];
                buffer.getBytes(view.messageOffset(), bytes);
                final CRC32 crc = new CRC32();
                crc.update(bytes);
                logged.add(new Logged(view.streamId(), view.engineSequence(), view.partition(),
                    view.partitionOffset(), crc.getValue()));
            }, 256) > 0)
            {
                continue;
            }
        }
        return logged;
    }
}
