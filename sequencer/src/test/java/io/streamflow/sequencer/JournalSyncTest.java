package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.operators.Operator;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.streamflow.sequencer.JournalFaultTest.assertJournalHoldsEverySequenceOnce;
import static io.streamflow.sequencer.JournalFaultTest.errorLogObservations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync durability mode: no command takes effect (reaches the operator, so is acknowledged) before the batch that
 * holds it has been synced to the storage device; a sync that fails holds its batch back until one succeeds; without
 * the mode the journal is never synced.
 */
class JournalSyncTest
{
    private static final int RECORDS = 3_000;
    private static final int SYNC_FAILURES = 3;

    @TempDir
    File dir;

    @Test
    void noCommandTakesEffectBeforeItsBatchIsSynced()
    {
        final SyncWatch watch = new SyncWatch();
        final StreamFlowNode.Context ctx = watch.applyTo(TestNodes.context(dir))
            .journalSync(true)
            .threadingMode(ThreadingMode.DEDICATED);

        try (StreamFlowNode node = StreamFlowNode.launch(ctx); StreamFlowClient client = TestNodes.ipcClient(node, 3))
        {
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, RECORDS, listener);
            listener.assertNoRejects();
            assertEquals(RECORDS, listener.ackedClientSequences.size());
            assertEquals(0, watch.appliedBeforeSynced.get(), "commands applied before their batch was synced");
            assertEquals(RECORDS, watch.applied.get());
            final long syncs = watch.syncs.get();
            assertTrue(syncs > 0 && syncs <= RECORDS, "one sync per batch: " + syncs);
            assertEquals(syncs, node.counters().journalSyncs());
        }
        assertJournalHoldsEverySequenceOnce(dir, RECORDS);
    }

    @Test
    void aSyncThatFailsHoldsItsBatchBackUntilOneSucceeds()
    {
        ErrorLogCheck.expect(dir, "injected sync fault");
        final SyncWatch watch = new SyncWatch();
        watch.failuresLeft.set(SYNC_FAILURES);
        final StreamFlowNode.Context ctx = watch.applyTo(TestNodes.context(dir)).journalSync(true);

        try (StreamFlowNode node = StreamFlowNode.launch(ctx); StreamFlowClient client = TestNodes.ipcClient(node, 4))
        {
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, RECORDS, listener);
            listener.assertNoRejects();
            assertEquals(RECORDS, listener.ackedClientSequences.size(), "every record answered, the node served on");
            assertEquals(0, watch.appliedBeforeSynced.get(), "a batch whose sync failed took effect");
            assertEquals(RECORDS, watch.applied.get(), "each command applied once");
            assertEquals(SYNC_FAILURES, node.counters().errors(), "each failed sync counted");
            assertEquals(RECORDS, node.counters().journalEntries(), "entries of a batch offered again count once");
        }
        assertJournalHoldsEverySequenceOnce(dir, RECORDS);
        final Map<String, Integer> observations = errorLogObservations(dir);
        assertEquals(Integer.valueOf(SYNC_FAILURES), observations.get("injected sync fault"), observations.toString());
    }

    @Test
    void withoutTheSyncModeTheJournalIsNeverSynced()
    {
        final SyncWatch watch = new SyncWatch();
        try (StreamFlowNode node = StreamFlowNode.launch(watch.applyTo(TestNodes.context(dir)));
            StreamFlowClient client = TestNodes.ipcClient(node, 5))
        {
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, 100, listener);
            listener.assertNoRejects();
            assertEquals(0, watch.syncs.get());
            assertEquals(0, node.counters().journalSyncs());
        }
    }

    /**
     * Watches the journal's syncs and the operator's commands: which engine sequences are synced, and whether the
     * operator ever sees one that is not; makes the next syncs fail while {@link #failuresLeft} is above zero.
     */
    private static final class SyncWatch
    {
        final AtomicLong lastAppended = new AtomicLong(-1);
        final AtomicLong lastSynced = new AtomicLong(-1);
        final AtomicLong syncs = new AtomicLong();
        final AtomicLong failuresLeft = new AtomicLong();
        final AtomicLong applied = new AtomicLong();
        final AtomicLong appliedBeforeSynced = new AtomicLong();

        StreamFlowNode.Context applyTo(final StreamFlowNode.Context ctx)
        {
            final Operator standard = TestNodes.standardOperator();
            return ctx
                .journalAppenderWrapper((writer) -> new ForwardingAppender(writer)
                {
                    public boolean append(final MutableDirectBuffer buffer, final int offset, final int length)
                    {
                        final boolean appended = writer.append(buffer, offset, length);
                        lastAppended.set(engineSequence(buffer, offset));
                        return appended;
                    }

                    public void sync()
                    {
                        if (failuresLeft.getAndDecrement() > 0)
                        {
                            throw new UncheckedIOException("injected sync fault", new IOException("the device"));
                        }
                        writer.sync();
                        lastSynced.set(lastAppended.get());
                        syncs.incrementAndGet();
                    }
                })
                .operator((engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length,
                    egress) ->
                {
                    applied.incrementAndGet();
                    if (engineSequence > lastSynced.get())
                    {
                        appliedBeforeSynced.incrementAndGet();
                    }
                    standard.onCommand(
                        engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress);
                });
        }
    }
}
