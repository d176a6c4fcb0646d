package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.sequencer.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node run by {@code streamflow node} in its own process, driven by the other commands as a user would.
 */
class NodeToolsTest
{
    private final ObjectMapper mapper = new ObjectMapper();
    private File nodeOutput;

    @TempDir
    File dir;

    @Test
    void nodeLoadProduceConsumeDumpVerifyAndCleanShutdown() throws Exception
    {
        final File nodeDir = new File(dir, "node");
        final File aeronDir = new File("/dev/shm").isDirectory() ?
            new File("/dev/shm", "streamflow-cli-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()) :
            new File(dir, "aeron");
        final String endpoint = "localhost:" + freeUdpPort();
        final String outputControl = "localhost:" + freeUdpPort();
        nodeOutput = new File(dir, "node.out");
        final Process node = startNode(nodeDir, aeronDir, endpoint, outputControl);
        try
        {
            final Cli load = Cli.run("load", "--count", "2000", "--rate", "0", "--warmup", "0",
                "--endpoint", endpoint, "--json");
            assertEquals(0, load.exitCode, load.toString());
            assertEquals(2000, mapper.readTree(load.out).get("acked").asLong());

            final File records = new File(dir, "records.jsonl");
            Files.writeString(records.toPath(),
                "{\"device\":\"d1\",\"temp\":21.5}\n\n" +
                "{\"device\":\"d2\",\"temp\":19}\n" +
                "{\"device\":\"d1\",\"temp\":22}\n");
            final Cli produce = Cli.run("produce", "--stream", "records", "--key-field", "device",
                "--input", records.getPath(), "--endpoint", endpoint);
            assertEquals(0, produce.exitCode, produce.toString());
            assertTrue(produce.out.contains("produced 3 records") && produce.out.contains("acked 3"), produce.out);

            final Cli consume = Cli.run("consume", "--dir", nodeDir.getPath(), "--stream", "records",
                "--from", "2000");
            assertEquals(0, consume.exitCode, consume.toString());
            final List<JsonNode> lines = jsonLines(consume.out);
            assertEquals(3, lines.size(), consume.out);
            assertEquals(2000, lines.get(0).get("sequence").asLong());
            assertEquals("records", lines.get(0).get("stream").asText());
            assertEquals(0, lines.get(0).get("partition").asInt(), "the one partition of 'records'");
            assertEquals(2000, lines.get(0).get("offset").asLong(), "after load's 2000 records in that partition");
            assertEquals("d1", lines.get(0).get("key").asText());
            assertEquals(21.5, lines.get(0).get("payload").get("temp").asDouble());
            assertEquals("d2", lines.get(1).get("key").asText());
            assertTrue(lines.get(2).get("timestamp_ns").asLong() >= lines.get(1).get("timestamp_ns").asLong());

            final Cli.Running follow = Cli.start("consume", "--dir", nodeDir.getPath(), "--stream", "records", "--from",
                "latest", "--follow", "--limit", "2");
            follow.awaitErr("following stream 'records'", 30_000);
            final File more = new File(dir, "more.jsonl");
            Files.writeString(more.toPath(), "{\"n\":1}\n{\"n\":2}\n");
            assertEquals(0, Cli.run("produce", "--stream", "1", "--input", more.getPath(), "--endpoint", endpoint)
                .exitCode);
            final Cli followed = follow.result().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(1, 2), jsonLines(followed.out).stream().map((j) -> j.get("payload").get("n").asInt())
                .toList(), "--follow shows records live while the node runs");

            final File bad = new File(dir, "bad.jsonl");
            Files.writeString(bad.toPath(), "{\"ok\":true}\nnot json\n");
            final Cli produceBad = Cli.run("produce", "--stream", "records", "--input", bad.getPath(),
                "--endpoint", endpoint);
            assertEquals(1, produceBad.exitCode, produceBad.toString());
            assertTrue(produceBad.err.contains("line 2: not JSON"), produceBad.err);

            final Cli unknownStream = Cli.run("produce", "--stream", "99", "--input", more.getPath(),
                "--endpoint", endpoint);
            assertEquals(1, unknownStream.exitCode, unknownStream.toString());
            assertTrue(unknownStream.err.contains("UNKNOWN_STREAM"), unknownStream.err);

            final File orders = new File(dir, "orders.jsonl");
            Files.writeString(orders.toPath(), String.join("\n",
                "{\"action\":\"new\",\"account\":1,\"client_order_id\":1,\"instrument\":1,\"side\":\"sell\"," +
                    "\"price\":100,\"quantity\":5}",
                "{\"action\":\"new\",\"account\":2,\"client_order_id\":1,\"instrument\":1,\"side\":\"buy\"," +
                    "\"type\":\"market\",\"time_in_force\":\"ioc\",\"quantity\":3}"));
            final Cli trade = Cli.run("orders", "--input", orders.getPath(), "--endpoint", endpoint,
                "--market-data-channel", "aeron:udp?endpoint=localhost:0|control=" + outputControl +
                "|control-mode=dynamic");
            assertEquals(0, trade.exitCode, trade.toString());
            assertTrue(trade.out.contains("\"type\":\"trade\"") && trade.out.contains("\"quantity\":3,"),
                "the trade arrives over UDP market data from another process: " + trade.out);

            final Cli dump = Cli.run("journal", "dump", "--dir", nodeDir.getPath(), "--from", "2000", "--limit", "3");
            assertEquals(0, dump.exitCode, dump.toString());
            final String[] dumped = dump.out.trim().split("\n");
            assertEquals(3, dumped.length, dump.out);
            assertTrue(dumped[0].startsWith("sequence=2000 timestamp_ns="), dumped[0]);
            assertTrue(dumped[0].contains(" type=Record ") && dumped[0].contains("payload_length=27"), dumped[0]);
            assertTrue(dumped[0].contains(" stream=1 partition=0 offset=2000 "), dumped[0]);
        }
        finally
        {
            node.destroy();
        }

        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node stops on SIGTERM");
        assertEquals(143, node.exitValue(), "the JVM's status for a SIGTERM honoured by its shutdown hooks");
        final String output = Files.readString(nodeOutput.toPath());
        assertTrue(output.contains("streamflow node stopped: journal closed"), output);
        assertFalse(aeronDir.exists(), "media driver directory removed");

        final Cli verify = Cli.run("journal", "verify", "--dir", nodeDir.getPath());
        assertEquals(0, verify.exitCode, verify.toString());
        assertTrue(verify.out.contains("journal OK: 2008 entries, sequences 0..2007"), verify.out);

        flipByteAfter(new File(nodeDir, "journal"), "\"temp\":19");
        final Cli broken = Cli.run("journal", "verify", "--dir", nodeDir.getPath());
        assertEquals(1, broken.exitCode, broken.toString());
        assertTrue(broken.out.contains("journal BAD: entry #2001") && broken.out.contains("checksum mismatch"),
            broken.out);
    }

    @Test
    void toolsExplainAMissingJournal()
    {
        final Cli verify = Cli.run("journal", "verify", "--dir", new File(dir, "none").getPath());
        assertEquals(2, verify.exitCode);
        assertTrue(verify.err.contains("no journal in"), verify.err);
    }

    private List<JsonNode> jsonLines(final String text) throws IOException
    {
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(mapper.readTree(line));
            }
        }
        return lines;
    }

    private Process startNode(
        final File nodeDir, final File aeronDir, final String endpoint, final String outputControl)
        throws IOException, InterruptedException
    {
        final List<String> command = ChildJvm.command(StreamFlowCli.class,
            "node", "--dir", nodeDir.getPath(), "--udp", endpoint, "--aeron-dir", aeronDir.getPath(),
            "--output-channel", "aeron:udp?control=" + outputControl + "|control-mode=dynamic");
        final File nodeErrors = new File(dir, "node.err");
        final Process process = new ProcessBuilder(command)
            .redirectError(nodeErrors)
            .redirectOutput(nodeOutput)
            .start();

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (process.isAlive() && System.nanoTime() - deadlineNs < 0)
        {
            if (Files.readString(nodeOutput.toPath()).contains("streamflow node ready"))
            {
                return process;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("node did not start: " + Files.readString(nodeOutput.toPath()) +
            "\nits stderr:\n" + ChildJvm.tail(nodeErrors));
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static void flipByteAfter(final File journalDir, final String marker) throws IOException
    {
        final byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        for (final File segment : journalDir.listFiles((d, name) -> name.endsWith(".cq4")))
        {
            final byte[] bytes = Files.readAllBytes(segment.toPath());
            for (int i = 0; i + needle.length <= bytes.length; i++)
            {
                if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length))
                {
                    try (FileChannel channel = FileChannel.open(segment.toPath(), StandardOpenOption.WRITE))
                    {
                        channel.write(ByteBuffer.wrap(new byte[]{ (byte)(bytes[i + 1] ^ 1) }), i + 1);
                    }
                    return;
                }
            }
        }
        throw new AssertionError(marker + " not found");
    }
}
