package io.streamflow.cli;

import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample files the README's commands use work as the README says.
 */
class ExamplesTest
{
    private static final File EXAMPLES = new File("../docs/examples");

    @TempDir
    File dir;

    @Test
    void theOrderSamplesTradeWithoutARejection()
    {
        for (final String sample : new String[]{ "orders.csv", "orders.jsonl" })
        {
            final Cli orders = Cli.run("orders", "--input", new File(EXAMPLES, sample).getPath(), "--embedded");
            assertEquals(0, orders.exitCode, sample + ": " + orders);
            assertTrue(orders.out.contains("\"type\":\"trade\""), sample + ": " + orders.out);
            assertFalse(orders.out.contains("\"exec_type\":\"rejected\""), sample + ": " + orders.out);
        }
    }

    @Test
    void theRecordAndNexmarkSamplesAreProduced()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))
            .operator(TestNodes.standardOperator("nexmark-q7"))))
        {
            final String aeronDir = node.context().aeronDirectoryName();
            final Cli records = Cli.run("produce", "--stream", "records", "--key-field", "device", "--input",
                new File(EXAMPLES, "records.jsonl").getPath(), "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, records.exitCode, records.toString());
            assertTrue(records.out.contains("acked 3"), records.out);

            final Cli nexmark = Cli.run("produce", "--stream", "nexmark", "--input",
                new File(EXAMPLES, "nexmark-events.jsonl").getPath(), "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, nexmark.exitCode, nexmark.toString());
            assertTrue(nexmark.out.contains("acked 7"), nexmark.out);
        }
    }

    @Test
    void aLineThatIsNotJsonIsNamedWithoutTheParsersInternals() throws Exception
    {
        final File bad = new File(dir, "bad.jsonl");
        java.nio.file.Files.writeString(bad.toPath(), "{\"device\":\n");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))))
        {
            final Cli produce = Cli.run("produce", "--stream", "records", "--input", bad.getPath(), "--ipc",
                "--aeron-dir", node.context().aeronDirectoryName());
            assertEquals(1, produce.exitCode, produce.toString());
            assertTrue(produce.err.contains("line 1: not JSON, not sent: "), produce.err);
            assertFalse(produce.err.contains("Source:") || produce.err.contains("REDACTED"), produce.err);
        }
    }
}
