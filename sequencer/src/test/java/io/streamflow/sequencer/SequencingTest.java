package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalVerifier;
import io.streamflow.sbe.RecordDecoder;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every record is acknowledged exactly once, in each client's order, at contiguous engine sequences, and the journal
 * holds exactly those records.
 */
class SequencingTest
{
    private static final int RECORDS = 100_000;

    @TempDir
    File dir;

    @Test
    void oneClientHundredThousandRecords()
    {
        final RecordingListener listener = new RecordingListener();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, 11))
        {
            Records.sendAndAwait(client, RECORDS, listener);
            assertEquals(RECORDS, node.counters().journalEntries());
        }

        listener.assertNoRejects();
        assertEquals(RECORDS, listener.ackedClientSequences.size());
        listener.assertInOrder();
        for (int i = 0; i < RECORDS; i++)
        {
            assertEquals(i, listener.ackedClientSequences.getLong(i), "client sequence of ack " + i);
            assertEquals(i, listener.ackedEngineSequences.getLong(i), "engine sequences start at 0, no gaps");
        }
        assertJournalHoldsExactly(Map.of(11L, listener));
    }

    @Test
    void threeClientsAtOnceOverIpcAndUdp() throws Exception
    {
        final long[] clientIds = { 21, 22, 23 };
        final Map<Long, RecordingListener> listeners = Map.of(
            21L, new RecordingListener(), 22L, new RecordingListener(), 23L, new RecordingListener());
        final ExecutorService threads = Executors.newFixedThreadPool(clientIds.length);
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir)))
        {
            final List<Future<?>> done = new ArrayList<>();
            for (final long clientId : clientIds)
            {
                done.add(threads.submit(() ->
                {
                    try (StreamFlowClient client = 23 == clientId ?
                        TestNodes.udpClient(node, clientId, new File(TestNodes.aeronDirFor(dir) + "-client")) :
                        TestNodes.ipcClient(node, clientId))
                    {
                        Records.sendAndAwait(client, RECORDS, listeners.get(clientId));
                    }
                    return null;
                }));
            }
            for (final Future<?> future : done)
            {
                future.get(120, TimeUnit.SECONDS);
            }
            assertEquals(3L * RECORDS, node.counters().journalEntries());
        }
        finally
        {
            threads.shutdownNow();
        }

        final LongArrayList allEngineSequences = new LongArrayList();
        for (final RecordingListener listener : listeners.values())
        {
            listener.assertNoRejects();
            assertEquals(RECORDS, listener.ackedClientSequences.size());
            listener.assertInOrder();
            allEngineSequences.addAll(listener.ackedEngineSequences);
        }
        allEngineSequences.sort(null);
        for (int i = 0; i < allEngineSequences.size(); i++)
        {
            assertEquals(i, allEngineSequences.getLong(i), "engine sequences contiguous across clients");
        }
        assertJournalHoldsExactly(listeners);
    }

    private void assertJournalHoldsExactly(final Map<Long, RecordingListener> listeners)
    {
        final List<Records.Entry> entries = Records.readJournal(new File(dir, "journal"));
        final int expected = listeners.size() * RECORDS;
        assertEquals(expected, entries.size());

        final Long2LongHashMap lastClientSequence = new Long2LongHashMap(-1);
        for (int i = 0; i < entries.size(); i++)
        {
            final Records.Entry entry = entries.get(i);
            assertEquals(i, entry.engineSequence());
            assertEquals(RecordDecoder.TEMPLATE_ID, entry.templateId());
            final RecordingListener listener = listeners.get(entry.clientId());
            assertEquals(entry.engineSequence(), listener.engineSequenceByClientSequence.get(entry.clientSequence()),
                "journal and ack agree on where client " + entry.clientId() + "/" + entry.clientSequence() + " went");
            assertTrue(entry.clientSequence() > lastClientSequence.get(entry.clientId()), "per-client order");
            lastClientSequence.put(entry.clientId(), entry.clientSequence());
        }

        try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(expected, result.entries());
        }
    }
}
