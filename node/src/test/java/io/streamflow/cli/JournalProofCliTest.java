package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.JournalSeals;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running node seals each cycle of its journal once the journal has moved on to the next (one-second cycles
 * here); {@code journal verify} checks the seals, {@code journal prove} gives a proof for an entry of a sealed
 * cycle, and {@code journal check-proof} takes it and refuses it changed.
 */
class JournalProofCliTest
{
    @TempDir
    File dir;

    @Test
    void aNodeSealsCompletedCyclesAndTheirEntriesCanBeProved() throws Exception
    {
        final File journalDir = new File(dir, "journal");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).journalRollCycle("TEST_SECONDLY"));
            StreamFlowClient client = TestNodes.ipcClient(node, 5))
        {
            // Each batch at the start of a second of its own: two cycle files, whatever the clock said at start.
            TestNodes.awaitNextSecond();
            send(node, client, 0, 100);
            TestNodes.awaitNextSecond();
            send(node, client, 100, 10);
            TestNodes.await(() -> JournalScanner.cycleFiles(journalDir).size() >= 2, 10_000, () -> { },
                "a second cycle file");
            TestNodes.await(() -> !JournalSeals.read(journalDir).isEmpty(), 10_000, () -> { },
                "the node to seal the completed cycle");
        }

        final Cli verify = Cli.run("journal", "verify", "--dir", dir.getPath());
        assertEquals(0, verify.exitCode, verify.toString());
        assertTrue(verify.out.contains("audit OK: "), verify.out);

        final long sealedUpTo = JournalSeals.read(journalDir).get(0).lastSequence();
        final Cli prove = Cli.run("journal", "prove", "--dir", dir.getPath(), "--sequence", "42");
        assertEquals(0, prove.exitCode, prove.toString());
        final File proof = new File(dir, "proof.json");
        Files.writeString(proof.toPath(), prove.out);
        final Cli check = Cli.run("journal", "check-proof", proof.getPath());
        assertEquals(0, check.exitCode, check.toString());
        assertTrue(check.out.startsWith("proof OK: engine sequence 42 is entry 42 of " + (sealedUpTo + 1)),
            check.out);

        assertTrue(check.out.trim().endsWith("; the record at offset 42 of stream 1 partition 0"), check.out);

        final Cli byOffset = Cli.run("journal", "prove", "--dir", dir.getPath(), "--stream", "records", "--partition",
            "0", "--offset", "42");
        assertEquals(0, byOffset.exitCode, byOffset.toString());
        assertEquals(prove.out, byOffset.out, "the record at offset 42 of the stream is entry 42");
        final Cli noSuchOffset = Cli.run("journal", "prove", "--dir", dir.getPath(), "--stream", "records",
            "--offset", "1000");
        assertEquals(2, noSuchOffset.exitCode, noSuchOffset.toString());
        assertTrue(noSuchOffset.err.contains("no record at offset 1000 of stream 'records' partition 0"),
            noSuchOffset.err);

        final ObjectNode changed = (ObjectNode)new ObjectMapper().readTree(prove.out);
        final ArrayNode path = (ArrayNode)changed.get("path");
        final String sibling = path.get(0).asText();
        path.set(0, (sibling.charAt(0) == 'f' ? "e" : "f") + sibling.substring(1));
        Files.writeString(proof.toPath(), changed.toString());
        final Cli refused = Cli.run("journal", "check-proof", proof.getPath());
        assertEquals(1, refused.exitCode, refused.toString());
        assertEquals("proof REFUSED: the audit path does not lead from the leaf to the root", refused.out.trim());

        final Cli unsealed = Cli.run("journal", "prove", "--dir", dir.getPath(), "--sequence", "105");
        assertTrue(0 != unsealed.exitCode, unsealed.toString());
        assertTrue(unsealed.err.contains("engine sequence 105 is in no sealed cycle"), unsealed.toString());

        // Offline, what completed since: the cycle the node last wrote to, if the journal has a newer file by now.
        final Cli seal = Cli.run("journal", "seal", "--dir", dir.getPath());
        assertEquals(0, seal.exitCode, seal.toString());
        assertEquals(JournalScanner.cycleFiles(journalDir).size() - 1, JournalSeals.read(journalDir).size(),
            "every cycle file but the newest is sealed: " + seal.out);
        assertEquals("sealed 0 cycles", Cli.run("journal", "seal", "--dir", dir.getPath()).out.trim(), "once");
        assertEquals(0, Cli.run("journal", "verify", "--dir", dir.getPath()).exitCode);
    }

    private static void send(final StreamFlowNode node, final StreamFlowClient client, final int from, final int count)
    {
        final UnsafeBuffer payload = new UnsafeBuffer("{\"n\":1}".getBytes());
        for (int i = from; i < from + count; i++)
        {
            while (client.offerRecord(1, i, null, 0, 0, payload, 0, payload.capacity()) < 0)
            {
                Thread.yield();
            }
        }
        TestNodes.await(() -> node.counters().journalEntries() == from + count, 10_000, () -> { }, "journaled");
    }
}
