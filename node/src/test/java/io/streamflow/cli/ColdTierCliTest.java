package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.ColdTier;
import io.streamflow.journal.JournalScanner;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a node moved its first cycles to the cold tier ({@code --cold-after}), the tools read the journal as before:
 * {@code consume --dir --from earliest} prints every record, {@code journal verify} checks the cold cycles against
 * their seals, and {@code journal prove} proves an entry of a cold cycle.
 */
class ColdTierCliTest
{
    @TempDir
    File dir;

    @Test
    void theToolsReadColdCyclesAsBefore() throws Exception
    {
        final File journalDir = new File(dir, "journal");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).journalRollCycle("TEST_SECONDLY")
            .snapshotInterval(50).journalColdAfterNs(TimeUnit.SECONDS.toNanos(1)));
            StreamFlowClient client = TestNodes.ipcClient(node, 5))
        {
            TestNodes.awaitNextSecond();
            send(node, client, 0, 100);
            final File first = JournalScanner.cycleFiles(journalDir).get(0);
            TestNodes.awaitNextSecond();
            send(node, client, 100, 100);
            TestNodes.awaitNextSecond();
            send(node, client, 200, 10);
            TestNodes.await(() -> !first.exists() && ColdTier.coldFile(journalDir, first.getName()).isFile(),
                20_000, () -> { }, "the first cycle in the cold tier");
        }

        final Cli consume = Cli.run("consume", "--dir", dir.getPath(), "--stream", "records", "--from", "earliest");
        assertEquals(0, consume.exitCode, consume.toString());
        final List<Long> offsets = new ArrayList<>();
        for (final String line : consume.out.trim().split("\n"))
        {
            offsets.add(new ObjectMapper().readTree(line).get("offset").asLong());
        }
        assertEquals(LongStream.range(0, 210).boxed().toList(), offsets);
        final Cli fromTime = Cli.run("consume", "--dir", dir.getPath(), "--stream", "records", "--from",
            "2000-01-01T00:00:00Z");
        assertEquals(0, fromTime.exitCode, fromTime.toString());
        assertEquals(210, fromTime.out.lines().count(), "from a time before the cold tier, its records too");

        final Cli verify = Cli.run("journal", "verify", "--dir", dir.getPath());
        assertEquals(0, verify.exitCode, verify.toString());
        assertTrue(verify.out.contains("is in the cold tier (zstd, "), verify.out);

        final Cli prove = Cli.run("journal", "prove", "--dir", dir.getPath(), "--sequence", "42");
        assertEquals(0, prove.exitCode, prove.toString());
        final File proof = new File(dir, "proof.json");
        Files.writeString(proof.toPath(), prove.out);
        final Cli check = Cli.run("journal", "check-proof", proof.getPath());
        assertEquals(0, check.exitCode, check.toString());
    }

    private static void send(final StreamFlowNode node, final StreamFlowClient client, final int from, final int count)
    {
        final UnsafeBuffer payload = new UnsafeBuffer("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
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
