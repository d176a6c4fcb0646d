package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.protocol.CommandView;
import io.streamflow.sequencer.ChildJvm;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code load} under faults: it ends by itself when the node dies, reports what was acknowledged (and lists it with
 * {@code --acked-out}), prints its report on SIGTERM, exits 1 when records are rejected, and leaves no media driver
 * directory behind, removing those of killed clients.
 */
class LoadUnderFaultsTest
{
    @TempDir
    File dir;

    @Test
    void loadEndsWhenTheNodeDiesAndListsWhatWasAcknowledged() throws Exception
    {
        final File nodeDir = new File(dir, "node");
        final String endpoint = "localhost:" + freeUdpPort();
        final File ackedOut = new File(dir, "acked.txt");
        final Process node = start(List.of("node", "--dir", nodeDir.getPath(), "--udp", endpoint, "--no-ipc",
            "--output-channel", "none", "--aeron-dir", TestNodes.aeronDirFor(nodeDir)), new File(dir, "node.out"),
            "streamflow node ready");
        final Process load = start(List.of("load", "--count", "100000000", "--rate", "0", "--warmup", "0",
            "--endpoint", endpoint, "--answer-timeout", "2", "--acked-out", ackedOut.getPath()),
            new File(dir, "load.out"), null);
        try
        {
            TestNodes.await(() -> ackedOut.length() > 20_000, 60_000, () -> { }, "acks written");
            node.destroyForcibly();
            assertTrue(node.waitFor(30, TimeUnit.SECONDS));
            assertTrue(load.waitFor(60, TimeUnit.SECONDS), "load ends by itself when the node is gone");
            assertEquals(1, load.exitValue(), Files.readString(new File(dir, "load.out").toPath()));
        }
        finally
        {
            node.destroyForcibly();
            load.destroyForcibly();
        }
        final String report = Files.readString(new File(dir, "load.out").toPath());
        assertTrue(report.contains("records unanswered: the node went away"), report);
        assertTrue(report.contains("acked"), report);

        final Map<Long, Long> journaled = new HashMap<>();
        final JournalEntryView view = new JournalEntryView();
        final CommandView command = new CommandView();
        JournalScanner.scan(new File(nodeDir, "journal"), (buffer, offset, length, isGood) ->
        {
            view.wrap(buffer, offset, length);
            command.wrap(buffer, view.messageOffset(), view.messageLength());
            journaled.put(command.clientSequence(), view.engineSequence());
            return true;
        }, false);
        final List<String> lines = Files.readAllLines(ackedOut.toPath());
        assertTrue(lines.size() > 1_000, "acks listed: " + lines.size());
        for (final String line : lines)
        {
            final String[] pair = line.split(" ");
            assertEquals(Long.valueOf(pair[1]), journaled.get(Long.parseLong(pair[0])),
                "every listed ack is journaled where it says: " + line);
        }
        assertFalse(leftoverClientDir(load.pid()), "the load's media driver directory is removed");
    }

    @Test
    void sigtermStillPrintsTheReportAndRemovesTheDriverDirectory() throws Exception
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))
            .ingressUdpEndpoint("localhost:0")))
        {
            final String endpoint = node.udpIngressChannel(TimeUnit.SECONDS.toNanos(5)).replace(
                "aeron:udp?endpoint=", "");
            final File out = new File(dir, "load.out");
            final Process load = start(List.of("load", "--count", "100000000", "--rate", "20000", "--warmup", "0",
                "--endpoint", endpoint, "--json"), out, null);
            try
            {
                TestNodes.await(() -> node.counters().journalEntries() > 5_000, 60_000, () -> { }, "load under way");
                load.destroy();
                assertTrue(load.waitFor(30, TimeUnit.SECONDS));
                assertEquals(143, load.exitValue(), "the JVM's status for a SIGTERM honoured by its shutdown hook");
            }
            finally
            {
                load.destroyForcibly();
            }
            final String text = Files.readString(out.toPath());
            assertTrue(text.contains("stopped by a signal; the report covers what was sent until then"), text);
            final String json = text.lines().filter((l) -> l.startsWith("{")).findFirst().orElse("{}");
            final long acked = new ObjectMapper().readTree(json).path("acked").asLong();
            assertTrue(acked > 1_000 && acked <= node.counters().journalEntries(),
                "the acks it had when stopped: " + text);
            assertFalse(leftoverClientDir(load.pid()), "its media driver directory is removed");
        }
    }

    @Test
    void rejectedRecordsMakeTheExitCodeOne()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))))
        {
            final Cli load = Cli.run("load", "--count", "10", "--rate", "0", "--warmup", "0", "--stream", "999",
                "--ipc", "--aeron-dir", node.context().aeronDirectoryName());
            assertEquals(1, load.exitCode, load.toString());
            assertTrue(load.err.contains("10 records rejected (last: UNKNOWN_STREAM)"), load.err);
        }
    }

    @Test
    void theDriverDirectoriesOfKilledClientsAreRemoved() throws Exception
    {
        final Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        final File leftover = new File(TempDirs.sharedMemoryOrTemp(), "streamflow-client-" + gone.pid() + "-1");
        assertTrue(leftover.mkdirs());
        Files.writeString(new File(leftover, "cnc.dat").toPath(), "left by a killed client");

        final File mine = TempDirs.newDriverDir("streamflow-client");
        assertFalse(leftover.exists(), "removed: its process is gone");
        assertTrue(mine.getName().startsWith("streamflow-client-" + ProcessHandle.current().pid() + "-"));
    }

    private static boolean leftoverClientDir(final long pid)
    {
        final File[] dirs = TempDirs.sharedMemoryOrTemp().listFiles(
            (d, name) -> name.startsWith("streamflow-client-" + pid + "-"));
        return null != dirs && dirs.length > 0;
    }

    private static Process start(final List<String> args, final File output, final String readyText)
        throws Exception
    {
        final Process process = new ProcessBuilder(ChildJvm.command(StreamFlowCli.class, args.toArray(new String[0])))
            .redirectErrorStream(true).redirectOutput(output).start();
        if (null != readyText)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(output.toPath()).contains(readyText))
            {
                if (!process.isAlive() || System.nanoTime() - deadlineNs > 0)
                {
                    process.destroyForcibly();
                    throw new IllegalStateException("did not start: " + Files.readString(output.toPath()));
                }
                Thread.yield();
            }
        }
        return process;
    }

    private static int freeUdpPort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
