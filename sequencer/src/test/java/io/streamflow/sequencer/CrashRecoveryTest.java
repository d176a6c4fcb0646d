package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalVerifier;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing acknowledged is lost to {@code kill -9}, and a torn last entry is detected, truncated and reported.
 */
class CrashRecoveryTest
{
    private static final long CLIENT_ID = 4242;

    @TempDir
    File dir;

    @Test
    void killNineDuringLoadLosesNothingAcknowledged() throws Exception
    {
        final String aeronDir = TestNodes.aeronDirFor(dir);
        final File clientDriverDir = new File(aeronDir + "-client");
        final RecordingListener listener = new RecordingListener();
        final int port = NodeProcess.freeUdpPort();

        try (NodeProcess child = NodeProcess.start(dir, aeronDir, port))
        {
            final StreamFlowClient client = StreamFlowClient.connect(new StreamFlowClient.Context()
                .embeddedDriver(true)
                .aeronDirectoryName(clientDriverDir.getPath())
                .ingressChannel("aeron:udp?endpoint=localhost:" + port)
                .sendTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
                .clientId(CLIENT_ID));
            try
            {
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[48]);
                boolean killed = false;
                for (int i = 0; i < 1_000_000; i++)
                {
                    if (!killed && listener.ackedClientSequences.size() >= 20_000)
                    {
                        child.kill9();
                        killed = true;
                    }
                    if (client.sendRecord(1, i, null, 0, 0, payload, 0, payload.capacity(), listener) < 0)
                    {
                        break;
                    }
                    client.poll(listener, 64);
                }
                assertTrue(killed, "the node was killed under load");
                final long drainUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() - drainUntilNs < 0)
                {
                    client.poll(listener, 256);
                }
            }
            finally
            {
                client.close();
            }
        }
        IoUtil.delete(new File(aeronDir), true);
        IoUtil.delete(clientDriverDir, true);
        listener.assertNoRejects();
        assertTrue(listener.ackedClientSequences.size() >= 20_000);

        try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
        }
        final List<Records.Entry> entries = Records.readJournal(new File(dir, "journal"));
        for (int i = 0; i < listener.ackedClientSequences.size(); i++)
        {
            final long engineSequence = listener.ackedEngineSequences.getLong(i);
            assertTrue(engineSequence < entries.size(), "acked engine sequence " + engineSequence + " is journaled");
            assertEquals(listener.ackedClientSequences.getLong(i), entries.get((int)engineSequence).clientSequence());
        }

        final RecordingLogger logger = new RecordingLogger();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).logger(logger));
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            assertEquals(entries.size(), node.recoveredEntries());
            assertEquals(node.recoveredTornTail(), logger.contains(System.Logger.Level.WARNING, "torn"));
            assertTrue(client.lastClientSequenceAtConnect() >= listener.ackedClientSequences.getLong(
                listener.ackedClientSequences.size() - 1), "every acked record is remembered");

            final RecordingListener after = new RecordingListener();
            Records.sendAndAwait(client, 100, after);
            assertEquals(entries.size(), after.ackedEngineSequences.getLong(0), "sequences continue");
        }
        try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(entries.size() + 100, result.entries());
        }
    }

    @Test
    void tornLastEntryIsDetectedTruncatedAndReported() throws Exception
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            Records.sendAndAwait(client, 100, new RecordingListener());
        }
        runChild(new File(dir, "torn-writer.log"), TornWriterProcess.class, new File(dir, "journal").getPath());

        final RecordingLogger logger = new RecordingLogger();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).logger(logger));
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            assertTrue(node.recoveredTornTail());
            assertTrue(logger.contains(System.Logger.Level.WARNING, "torn entry"), logger.lines.toString());
            assertEquals(100, node.recoveredEntries());

            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, 10, listener);
            assertEquals(100, listener.ackedEngineSequences.getLong(0));
        }

        try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(110, result.entries());
        }
        final RecordingLogger again = new RecordingLogger();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).logger(again)))
        {
            assertFalse(node.recoveredTornTail(), "truncated for good");
        }
    }

    private static void runChild(final File output, final Class<?> mainClass, final String... args) throws Exception
    {
        final List<String> command = ChildJvm.command(mainClass, args);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        try
        {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "child still running; its output:\n" +
                ChildJvm.tail(output));
            assertEquals(9, process.exitValue(), () -> "child's output:\n" + ChildJvm.tail(output));
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
