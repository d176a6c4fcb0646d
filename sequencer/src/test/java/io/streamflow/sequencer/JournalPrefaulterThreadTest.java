package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.JournalPrefaulter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node faults in its journal's pages ahead of the writer from a thread of its own, by default; not when told not
 * to, and never in INVOKER mode, which runs no thread; the thread ends with the node.
 */
class JournalPrefaulterThreadTest
{
    private static final String ROLE = new JournalPrefaulter().roleName();

    @TempDir
    File dir;

    @Test
    void runsBesideTheNodeByDefaultAndStopsWithIt()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, 5))
        {
            assertTrue(isRunning(), "a thread named " + ROLE);
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, 1_000, listener);
            listener.assertNoRejects();
        }
        assertFalse(isRunning(), "stopped with the node");
    }

    @Test
    void isNotRunWhenTurnedOff()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).journalPrefault(false)))
        {
            assertFalse(isRunning(), "node " + node.context().dir());
        }
    }

    @Test
    void isNotRunInInvokerMode()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).threadingMode(ThreadingMode.INVOKER)))
        {
            node.invoker().invoke();
            assertFalse(isRunning());
        }
    }

    private static boolean isRunning()
    {
        return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> ROLE.equals(t.getName()) && t.isAlive());
    }
}
