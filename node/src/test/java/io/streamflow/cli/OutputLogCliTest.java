package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.pipelines.TelemetryPipeline;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer that comes after the results were computed reads them: {@code consume --output NAME --dir DIR} prints a
 * pipeline's results from the node's output log, from the first, from an offset, or from the latest; and
 * {@code consume --output NAME --from ...} reads the same from the running node.
 */
class OutputLogCliTest
{
    private static final int READINGS = 3_000;

    @TempDir
    File dir;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aPipelinesResultsAreReadAfterTheFactFromAnyOffset() throws Exception
    {
        final long[] answers = { 0 };
        final EgressListener listener = new EgressListener()
        {
            public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                final boolean duplicate)
            {
                answers[0]++;
            }

            public void onReject(final long clientSequence, final RejectReason reason, final int rejectedTemplateId,
                final String detail)
            {
                throw new AssertionError("rejected: " + reason + " " + detail);
            }
        };
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir)
            .operator(TestNodes.standardOperator(TelemetryPipeline.NAME)));
            StreamFlowClient client = TestNodes.ipcClient(node, 12))
        {
            final UnsafeBuffer reading = new UnsafeBuffer(new byte[TelemetryPipeline.Reading.LENGTH]);
            for (int i = 0; i < READINGS; i++)
            {
                final long timeNs = 1_700_000_000_000_000_000L + i * 1_000_000L;
                TelemetryPipeline.Reading.encode(reading, i % 3, 1, 10, timeNs);
                assertTrue(client.sendRecord(2, timeNs, null, 0, 0, reading, 0, reading.capacity(), listener) >= 0);
                client.poll(listener, 64);
            }
            TestNodes.await(() -> answers[0] == READINGS, 30_000, () -> client.poll(listener, 256), "acks");
        }

        final Cli all = Cli.run("consume", "--output", "telemetry", "--dir", dir.getPath());
        assertEquals(0, all.exitCode, all.toString());
        final List<JsonNode> results = lines(all.out);
        assertTrue(results.size() >= 6, "two closed one-second windows of each of three devices: " + all.out);
        for (int i = 0; i < results.size(); i++)
        {
            final JsonNode result = results.get(i);
            assertEquals(i, result.get("offset").asLong());
            final JsonNode window = result.get("result");
            assertEquals(10, window.get("min").asLong(), "every reading's value: " + result);
            final long startMs = window.get("window_start_ms").asLong() - 1_700_000_000_000L;
            assertEquals(startMs + 1_000, window.get("window_end_ms").asLong() - 1_700_000_000_000L);
            long expected = 0;
            for (long reading = startMs; reading < startMs + 1_000; reading++)
            {
                expected += reading % 3 == window.get("device").asLong() ? 1 : 0;
            }
            assertEquals(expected, window.get("count").asLong(), "readings of the device in the window: " + result);
        }

        final Cli fromOffset = Cli.run("consume", "--output", "telemetry", "--dir", dir.getPath(), "--from", "2");
        assertEquals(0, fromOffset.exitCode, fromOffset.toString());
        assertEquals(results.subList(2, results.size()), lines(fromOffset.out));

        final Cli latest = Cli.run("consume", "--output", "telemetry", "--dir", dir.getPath(), "--from", "latest");
        assertEquals(0, latest.exitCode, latest.toString());
        assertEquals("", latest.out, "nothing comes after the latest");

        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir)
            .operator(TestNodes.standardOperator(TelemetryPipeline.NAME))))
        {
            final String aeronDir = node.context().aeronDirectoryName();
            final Cli remote = Cli.run("consume", "--output", "telemetry", "--from", "earliest", "--ipc",
                "--aeron-dir", aeronDir);
            assertEquals(0, remote.exitCode, remote.toString());
            assertEquals(results, lines(remote.out), "from the running node's log server, the same results");
            final Cli remoteFromOffset = Cli.run("consume", "--output", "telemetry", "--from", "3", "--ipc",
                "--aeron-dir", aeronDir);
            assertEquals(results.subList(3, results.size()), lines(remoteFromOffset.out));
        }

        final Cli none = Cli.run("consume", "--output", "telemetry", "--dir", new File(dir, "nothing").getPath());
        assertEquals(2, none.exitCode, none.toString());
        assertTrue(none.err.contains("no output log in"), none.err);
    }

    private List<JsonNode> lines(final String out) throws Exception
    {
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : out.lines().toList())
        {
            lines.add(mapper.readTree(line));
        }
        return lines;
    }
}
