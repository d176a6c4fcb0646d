package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.ErrorLog;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalVerifier;
import io.streamflow.operators.Operator;
import io.streamflow.protocol.CommandView;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected into the stages: a journal append that fails and is retried, one that fails after its entry was
 * written, an operator that throws. Whatever a stage throws, each ring slot is released once: the journal holds every
 * sequence exactly once, the node serves on, and each fault is counted once and logged once.
 */
class JournalFaultTest
{
    private static final int RECORDS = 200;
    private static final long FAILS_BEFORE_WRITING = 5;
    private static final int FAILURES_BEFORE_WRITING = 3;
    private static final long FAILS_AFTER_WRITING = 17;

    @TempDir
    File dir;

    @Test
    void failedAppendsAreRetriedWithoutADuplicateOrAGapAndCountedOnceEach()
    {
        ErrorLogCheck.expect(dir, "injected journal fault");
        final RecordingLogger logger = new RecordingLogger();
        final int[] failuresLeft = { FAILURES_BEFORE_WRITING };
        final boolean[] failedAfterWriting = { false };
        final StreamFlowNode.Context ctx = TestNodes.context(dir).logger(logger).journalAppenderWrapper(
            (writer) -> new ForwardingAppender(writer)
            {
                public boolean append(final MutableDirectBuffer buffer, final int offset, final int length)
                {
                    final long sequence = engineSequence(buffer, offset);
                    if (FAILS_BEFORE_WRITING == sequence && failuresLeft[0]-- > 0)
                    {
                        throw new IllegalStateException("injected journal fault before writing " + sequence);
                    }
                    final boolean appended = writer.append(buffer, offset, length);
                    if (FAILS_AFTER_WRITING == sequence && !failedAfterWriting[0])
                    {
                        failedAfterWriting[0] = true;
                        throw new IllegalStateException("injected journal fault after writing " + sequence);
                    }
                    return appended;
                }
            });

        try (StreamFlowNode node = StreamFlowNode.launch(ctx); StreamFlowClient client = TestNodes.ipcClient(node, 3))
        {
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, RECORDS, listener);
            listener.assertNoRejects();
            assertEquals(RECORDS, listener.ackedClientSequences.size(), "every record answered, the node served on");
            assertEquals(FAILURES_BEFORE_WRITING + 1, node.counters().errors(), "each fault counted once");
            assertEquals(RECORDS, node.counters().journalEntries(), "the entry written before its fault counts once");
        }

        assertJournalHoldsEverySequenceOnce(dir, RECORDS);
        assertEquals(FAILURES_BEFORE_WRITING + 1,
            logger.lines.stream().filter((line) -> line.contains("injected journal fault")).count(),
            "logged once each");
        final Map<String, Integer> observations = errorLogObservations(dir);
        assertEquals(Integer.valueOf(FAILURES_BEFORE_WRITING),
            observations.get("injected journal fault before writing " + FAILS_BEFORE_WRITING), observations.toString());
        assertEquals(Integer.valueOf(1),
            observations.get("injected journal fault after writing " + FAILS_AFTER_WRITING), observations.toString());
    }

    @Test
    void anOperatorThatThrowsOnOneCommandLeavesTheJournalWholeAndIsCountedOnce()
    {
        ErrorLogCheck.expect(dir, "injected operator fault");
        final RecordingLogger logger = new RecordingLogger();
        final Operator standard = TestNodes.standardOperator();
        final CommandView command = new CommandView();
        final StreamFlowNode.Context ctx = TestNodes.context(dir).logger(logger).operator(
            (engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress) ->
            {
                if (command.wrap(buffer, offset, length).clientSequence() == 42)
                {
                    throw new IllegalStateException("injected operator fault on " + engineSequence);
                }
                standard.onCommand(
                    engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress);
            });

        try (StreamFlowNode node = StreamFlowNode.launch(ctx); StreamFlowClient client = TestNodes.ipcClient(node, 4))
        {
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, 42, listener);
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            assertTrue(client.sendRecord(1, 0, null, 0, 0, payload, 0, 8, listener) >= 0, "the record it throws on");
            Records.sendAndAwait(client, RECORDS - 43, listener);
            TestNodes.await(() -> node.counters().operatorErrors() == 1, 5_000, () -> { }, "the operator error");
            listener.assertNoRejects();
            assertEquals(RECORDS - 1, listener.ackedClientSequences.size(), "all but the one that threw answered");
            assertEquals(1, node.counters().errors(), "counted once");
        }

        assertJournalHoldsEverySequenceOnce(dir, RECORDS);
        assertEquals(1, logger.lines.stream().filter((line) -> line.contains("injected operator fault")).count());
        assertEquals(Integer.valueOf(1), errorLogObservations(dir).get("injected operator fault on 42"));
    }

    static void assertJournalHoldsEverySequenceOnce(final File dir, final int entries)
    {
        final List<Records.Entry> journaled = Records.readJournal(new File(dir, "journal"));
        assertEquals(entries, journaled.size(), "no entry twice, none missing");
        for (int i = 0; i < entries; i++)
        {
            assertEquals(i, journaled.get(i).engineSequence());
            assertEquals(i, journaled.get(i).clientSequence());
        }
        try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
        }
    }

    /**
     * @return observation count of each distinct error in the node's error log, by the first line's message.
     */
    static Map<String, Integer> errorLogObservations(final File dir)
    {
        final Map<String, Integer> observations = new HashMap<>();
        ErrorLog.read(new File(dir, ErrorLog.FILE_NAME), (count, firstMs, lastMs, text) ->
        {
            final String firstLine = text.lines().findFirst().orElse("");
            observations.put(firstLine.substring(firstLine.indexOf(": ") + 2), count);
        });
        return observations;
    }
}
