package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One owner per node directory: a second node on it is refused with the holder's pid; the lock dies with its holder,
 * so a restart after {@code kill -9} starts at once, on the dead node's media driver directory too; and a directory
 * that cannot be used is refused with one line naming it.
 */
class DirectoryLockTest
{
    @TempDir
    File dir;

    @Test
    void aSecondNodeOnTheSameDirectoryIsRefusedNamingTheHolder()
    {
        try (StreamFlowNode first = StreamFlowNode.launch(TestNodes.context(dir)))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> StreamFlowNode.launch(TestNodes.context(dir)));
            assertTrue(refused.getMessage().contains("is in use by the node with pid " +
                ProcessHandle.current().pid()), refused.getMessage());
            assertTrue(refused.getMessage().contains("another --dir"), refused.getMessage());
            assertEquals(0, first.counters().errors(), "the running node is untouched");
        }

        try (StreamFlowNode again = StreamFlowNode.launch(TestNodes.context(dir)))
        {
            assertEquals(0, again.recoveredEntries(), "free again once the first closed");
        }
    }

    @Test
    void theLockDiesWithItsHolderAndTheDeadDriversDirectoryIsTakenOverAtOnce() throws Exception
    {
        final String aeronDir = TestNodes.aeronDirFor(dir);
        final long childPid;
        try (NodeProcess child = NodeProcess.start(dir, aeronDir, NodeProcess.freeUdpPort()))
        {
            childPid = child.pid();
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> StreamFlowNode.launch(TestNodes.context(dir)));
            assertTrue(refused.getMessage().contains("is in use by the node with pid " + childPid),
                refused.getMessage());
            child.kill9();
        }
        assertTrue(new File(aeronDir, "cnc.dat").exists(), "the dead node's driver left its directory");

        // Without taking over the dead driver's directory, Aeron refuses a new driver there for its 10 s timeout.
        final RecordingLogger logger = new RecordingLogger();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).aeronDirectoryName(aeronDir)
            .logger(logger));
            StreamFlowClient client = TestNodes.ipcClient(node, 1))
        {
            assertTrue(logger.contains(System.Logger.Level.INFO, "was left by process " + childPid),
                logger.lines.toString());
            Records.sendAndAwait(client, 10, new RecordingListener());
        }
        finally
        {
            IoUtil.delete(new File(aeronDir), true);
        }
    }

    @Test
    void aDirectoryThatCannotBeUsedIsRefusedWithOneLineNamingIt() throws Exception
    {
        final File file = new File(dir, "a-file");
        Files.writeString(file.toPath(), "not a directory");

        final IllegalStateException notADirectory = assertThrows(IllegalStateException.class,
            () -> StreamFlowNode.launch(TestNodes.context(file)));
        assertTrue(notADirectory.getMessage().contains("node directory " + file + " is a file"),
            notADirectory.getMessage());

        final File underAFile = new File(file, "node");
        final IllegalStateException cannotCreate = assertThrows(IllegalStateException.class,
            () -> StreamFlowNode.launch(TestNodes.context(underAFile)));
        assertTrue(cannotCreate.getMessage().contains("cannot create node directory " + underAFile),
            cannotCreate.getMessage());
        assertEquals(1, cannotCreate.getMessage().lines().count(), "one line");
        assertEquals("not a directory", Files.readString(file.toPath()), "nothing written over the file");
    }
}
