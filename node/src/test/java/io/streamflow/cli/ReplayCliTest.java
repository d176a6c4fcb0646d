package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay --pipeline} runs a pipeline over the journal's history offline: from the earliest record its results
 * begin with exactly those the live pipeline logged (same offsets, engine sequences and values), then come the
 * windows the end of the range closed, each equal to a count of the readings written; {@code --to} ends the range
 * earlier, {@code --format csv} writes the same results as CSV, and an unknown pipeline is refused with the names of
 * those there are.
 */
class ReplayCliTest
{
    private static final int READINGS = 3_000;
    private static final long BASE_NS = 1_700_000_000_000_000_000L;

    @TempDir
    File dir;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aReplayGivesTheLiveResultsThenClosesEveryWindow() throws Exception
    {
        final List<Long> appendedNs = new ArrayList<>();
        final EgressListener listener = new EgressListener()
        {
            public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                final boolean duplicate)
            {
                appendedNs.add(timestampNs);
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
                final long timeNs = BASE_NS + i * 1_000_000L;
                TelemetryPipeline.Reading.encode(reading, i % 3, 1, 10, timeNs);
                assertTrue(client.sendRecord(2, timeNs, null, 0, 0, reading, 0, reading.capacity(), listener) >= 0);
                client.poll(listener, 64);
            }
            TestNodes.await(() -> appendedNs.size() == READINGS, 30_000, () -> client.poll(listener, 256), "acks");
        }

        final Cli live = Cli.run("consume", "--output", "telemetry", "--dir", dir.getPath());
        assertEquals(0, live.exitCode, live.toString());
        final List<JsonNode> logged = lines(live.out);

        final File out = new File(dir, "replay.jsonl");
        final Cli replay = Cli.run("replay", "--dir", dir.getPath(), "--pipeline", "telemetry", "--stream",
            "telemetry", "--out", out.getPath());
        assertEquals(0, replay.exitCode, replay.toString());
        final List<JsonNode> replayed = lines(Files.readString(out.toPath()));
        assertTrue(replayed.size() > logged.size(), logged.size() + " logged, " + replayed.size() + " replayed");
        for (int i = 0; i < logged.size(); i++)
        {
            final ObjectNode result = (ObjectNode)replayed.get(i).deepCopy();
            assertEquals("telemetry", result.remove("output").asText());
            assertEquals(logged.get(i), result, "result " + i + " as the live pipeline logged it");
        }
        // The windows the end closed: each counts the readings of its device in it, as written.
        final Map<String, Long> written = new HashMap<>();
        for (int i = 0; i < READINGS; i++)
        {
            written.merge((i % 3) + "@" + (1_700_000_000_000L + i) / 1_000 * 1_000, 1L, Long::sum);
        }
        for (final JsonNode result : replayed.subList(logged.size(), replayed.size()))
        {
            final JsonNode window = result.get("result");
            assertEquals(written.get(window.get("device").asLong() + "@" + window.get("window_start_ms").asLong()),
                window.get("count").asLong(), result.toString());
        }
        assertTrue(replay.err.contains("replay: " + READINGS + " records of stream 'telemetry' through telemetry"),
            replay.err);
        assertTrue(replay.err.contains((replayed.size() - logged.size()) + " of them from windows the end of the " +
            "range closed"), replay.err);

        final Cli csv = Cli.run("replay", "--dir", dir.getPath(), "--pipeline", "telemetry", "--format", "csv");
        assertEquals(0, csv.exitCode, csv.toString());
        final List<String> rows = csv.out.lines().toList();
        assertEquals(replayed.size() + 1, rows.size(), "a header, then a row per result");
        assertTrue(rows.get(0).startsWith("output,offset,sequence,result."), rows.get(0));

        final String to = Instant.ofEpochSecond(0, appendedNs.get(READINGS / 2)).toString();
        final Cli half = Cli.run("replay", "--dir", dir.getPath(), "--pipeline", "telemetry", "--to", to);
        assertEquals(0, half.exitCode, half.toString());
        final long before = appendedNs.stream().filter((t) -> t < appendedNs.get(READINGS / 2)).count();
        assertTrue(half.err.contains("replay: " + before + " records"), half.err);

        final Cli unknown = Cli.run("replay", "--dir", dir.getPath(), "--pipeline", "nope");
        assertEquals(2, unknown.exitCode, unknown.toString());
        assertTrue(unknown.err.contains("no pipeline 'nope'; there are ["), unknown.err);
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
