package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.pipelines.NexmarkPipelines;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nexmark events as JSON lines in with {@code produce}, a query's results out as JSON lines with
 * {@code consume --output}; the telemetry demo.
 */
class PipelinesCliTest
{
    private static final long T = 1_700_000_000_000L;

    @TempDir
    File dir;

    @Test
    void nexmarkJsonInQueryResultsOut() throws Exception
    {
        final String aeronDir = privateAeronDir();
        try (StreamFlowNode node = launchIpcNode(aeronDir, "nexmark-q7", "nexmark-q2"))
        {
            assertEquals(List.of("nexmark-q7", "nexmark-q2"),
                ((StandardOperator)node.context().operator()).pipelines());
            final File events = write("events.jsonl",
                "{\"bid\":{\"auction\":14,\"bidder\":1,\"price\":300,\"channel\":2,\"dateTime\":" + (T + 1) + "}}",
                "{\"bid\":{\"auction\":15,\"bidder\":2,\"price\":500,\"dateTime\":" + (T + 2000) + ",\"url\":\"x\"}}",
                "{\"bid\":{\"auction\":16,\"bidder\":4,\"dateTime\":" + (T + 3_000) + "}}",
                "{\"sale\":{\"id\":1}}");
            final Cli produce = Cli.run("produce", "--stream", "nexmark", "--input", events.getPath(), "--ipc",
                "--aeron-dir", aeronDir);
            assertEquals(1, produce.exitCode, produce.toString());
            assertTrue(produce.err.contains("line 3: not a nexmark record, not sent: 'bid.price' is missing"),
                produce.err);
            assertTrue(produce.err.contains("line 4: not a nexmark record, not sent: a Nexmark event has exactly " +
                "one of person, auction, bid"), produce.err);
            assertTrue(produce.out.contains("acked 2"), produce.out);

            final CompletableFuture<Cli> q7 = CompletableFuture.supplyAsync(() -> Cli.run("consume", "--output",
                "nexmark-q7", "--ipc", "--aeron-dir", aeronDir, "--output-channel", "aeron:ipc", "--limit", "2",
                "--idle-timeout", "30"));
            final int q7StreamId = NexmarkPipelines.OUTPUT_STREAM_ID_BASE + 7;
            TestNodes.await(() -> node.isOutputConnected(q7StreamId), 30_000, () -> { },
                "consume --output to subscribe");
            final File flush = write("flush.jsonl",
                "{\"bid\":{\"auction\":21,\"bidder\":3,\"price\":400,\"dateTime\":" + (T + 12_000) + "}}",
                "{\"bid\":{\"auction\":1,\"bidder\":1,\"price\":1,\"dateTime\":" + (T + 3_600_000) + "}}");
            assertEquals(0, Cli.run("produce", "--stream", "nexmark", "--input", flush.getPath(), "--ipc",
                "--aeron-dir", aeronDir).exitCode);

            final Cli consumed = q7.get(60, TimeUnit.SECONDS);
            assertEquals(0, consumed.exitCode, consumed.toString());
            assertEquals(List.of(
                "{\"window_start_ms\":1700000000000,\"window_end_ms\":1700000010000,\"bids\":2,\"price\":500," +
                    "\"auction\":15}",
                "{\"window_start_ms\":1700000010000,\"window_end_ms\":1700000020000,\"bids\":1,\"price\":400," +
                    "\"auction\":21}"),
                consumed.out.lines().toList(), "q7: the highest bid of each 10 s window");
        }
    }

    @Test
    void anIdleConsumerDoesNotHoldACore() throws Exception
    {
        final String aeronDir = privateAeronDir();
        try (StreamFlowNode node = launchIpcNode(aeronDir, "nexmark-q7"))
        {
            // Nothing is produced: the consumer waits its idle timeout out, and the CPU it used meanwhile is counted.
            final CompletableFuture<long[]> run = CompletableFuture.supplyAsync(() ->
            {
                final long cpuBeforeNs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                final long startNs = System.nanoTime();
                final Cli consumed = Cli.run("consume", "--output", "nexmark-q7", "--ipc", "--aeron-dir", aeronDir,
                    "--output-channel", "aeron:ipc", "--idle-timeout", "3");
                return new long[]{ consumed.exitCode,
                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBeforeNs,
                    System.nanoTime() - startNs };
            });
            TestNodes.await(() -> node.isOutputConnected(NexmarkPipelines.OUTPUT_STREAM_ID_BASE + 7), 30_000, () -> { },
                "consume --output to subscribe");
            final long[] result = run.get(60, TimeUnit.SECONDS);
            assertEquals(0, result[0]);
            assertTrue(result[2] >= TimeUnit.SECONDS.toNanos(3), "waited out its idle timeout");
            assertTrue(result[1] < result[2] / 4, "an idle consumer used " + result[1] / 1_000_000 + " ms of CPU in " +
                result[2] / 1_000_000 + " ms");
        }
    }

    @Test
    void pipelinesAreListedWithTheirStreams()
    {
        final Cli cli = Cli.run("pipelines");
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("nexmark-q5: reads stream 'nexmark', writes nexmark-q5 (stream 2005)"), cli.out);
        assertTrue(cli.out.contains("telemetry: reads stream 'telemetry', writes telemetry (stream 2100), " +
            "telemetry-late (stream 2101)"), cli.out);
    }

    @Test
    void telemetryDemoReportsWindowsAndWatermarkLag() throws Exception
    {
        final Cli cli = Cli.run("demo", "--workload", "telemetry", "--count", "60000", "--rate", "20000",
            "--warmup", "0", "--json");
        assertEquals(0, cli.exitCode, cli.toString());
        final JsonNode json = new ObjectMapper().readTree(cli.out);
        assertEquals(60000, json.get("acked").asLong());
        assertTrue(json.get("windows").asLong() >= 256, "a window per device and metric each second: " + cli.out);
        for (final String key : List.of("p50", "p90", "p99", "max"))
        {
            assertTrue(json.get("watermark_lag_ms").get(key).asDouble() >= 100,
                "a window's result comes after the watermark passes its end, 100-200 ms later: " + cli.out);
        }
    }

    private File write(final String name, final String... lines) throws Exception
    {
        final File file = new File(dir, name);
        Files.writeString(file.toPath(), String.join("\n", lines) + "\n");
        return file;
    }

    private static String privateAeronDir()
    {
        return new File(TempDirs.sharedMemoryOrTemp(),
            "streamflow-pipelines-test-" + ThreadLocalRandom.current().nextInt(1 << 20)).getPath();
    }

    /**
     * A node on IPC only (no UDP ingress), in a private Aeron directory, running these pipelines.
     */
    private StreamFlowNode launchIpcNode(final String aeronDir, final String... pipelines)
    {
        return StreamFlowNode.launch(new StreamFlowNode.Context()
            .dir(new File(dir, "node"))
            .aeronDirectoryName(aeronDir)
            .ingressUdpEndpoint("")
            .outputChannel("aeron:ipc")
            .operator(TestNodes.standardOperator(pipelines)));
    }
}
