package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.JournalScanner;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code journal compact} compacts a stream of a node that is not running (and refuses while one runs), {@code
 * journal verify} checks the version against its manifest and the audit log, and {@code consume --dir --from
 * earliest} reads the newest record of each key, then the journal after what compaction covered.
 */
class CompactionCliTest
{
    @TempDir
    File dir;

    @Test
    void aStreamIsCompactedOfflineVerifiedAndReadNewestValueFirst() throws Exception
    {
        final File journalDir = new File(dir, "journal");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).journalRollCycle("TEST_SECONDLY"));
            StreamFlowClient client = TestNodes.ipcClient(node, 5))
        {
            // Three batches, each in a second (a cycle) of its own; keys k0..k4 over and over.
            TestNodes.awaitNextSecond();
            send(node, client, 0, 100);
            TestNodes.awaitNextSecond();
            send(node, client, 100, 100);
            TestNodes.awaitNextSecond();
            send(node, client, 200, 10);
            TestNodes.await(() -> JournalScanner.cycleFiles(journalDir).size() >= 3, 10_000, () -> { },
                "three cycle files");

            final Cli whileRunning = Cli.run("journal", "compact", "--dir", dir.getPath(), "--stream", "records");
            assertTrue(0 != whileRunning.exitCode, whileRunning.toString());
            assertTrue(whileRunning.err.contains("in use"), whileRunning.err);
        }

        final Cli compact = Cli.run("journal", "compact", "--dir", dir.getPath(), "--stream", "records");
        assertEquals(0, compact.exitCode, compact.toString());
        assertTrue(compact.out.startsWith("stream 'records' compacted to version 1: engine sequences up to 199"),
            compact.out);
        assertTrue(compact.out.contains("5 keys kept"), compact.out);

        final Cli verify = Cli.run("journal", "verify", "--dir", dir.getPath());
        assertEquals(0, verify.exitCode, verify.toString());
        assertTrue(verify.out.contains("stream 1 compacted: version 1 covers engine sequences up to 199"),
            verify.out);

        final Cli consume = Cli.run("consume", "--dir", dir.getPath(), "--stream", "records", "--from", "earliest");
        assertEquals(0, consume.exitCode, consume.toString());
        final List<Long> offsets = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        for (final String line : consume.out.trim().split("\n"))
        {
            offsets.add(new ObjectMapper().readTree(line).get("offset").asLong());
            keys.add(new ObjectMapper().readTree(line).get("key").asText());
        }
        assertEquals(LongStream.rangeClosed(195, 209).boxed().toList(), offsets,
            "the newest of each key up to 199 (offsets 195..199), then every record after");
        assertEquals(List.of("k0", "k1", "k2", "k3", "k4"), keys.subList(0, 5));

        final Cli streams = Cli.run("streams", "--dir", dir.getPath());
        assertEquals(0, streams.exitCode, streams.toString());
        assertTrue(streams.out.lines().anyMatch((line) -> line.matches("records\\s+1\\s+0\\s+195\\s+210\\s+15\\s.*")),
            "what a consumer from the earliest reads: " + streams.out);
        assertTrue(streams.err.contains("stream records is compacted: version 1 (engine sequences up to 199)"),
            streams.err);

        final Cli again = Cli.run("journal", "compact", "--dir", dir.getPath(), "--stream", "records");
        assertTrue(again.out.contains("nothing to compact"), again.out);
    }

    private static void send(final StreamFlowNode node, final StreamFlowClient client, final int from, final int count)
    {
        final UnsafeBuffer payload = new UnsafeBuffer("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        for (int i = from; i < from + count; i++)
        {
            final UnsafeBuffer key = new UnsafeBuffer(("k" + i % 5).getBytes(StandardCharsets.UTF_8));
            while (client.offerRecord(1, i, key, 0, key.capacity(), payload, 0, payload.capacity()) < 0)
            {
                Thread.yield();
            }
        }
        TestNodes.await(() -> node.counters().journalEntries() == from + count, 10_000, () -> { }, "journaled");
    }
}
