package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In INVOKER mode nothing happens unless the caller runs the node's duty cycle: the whole pipeline in lock step.
 */
class LockStepTest
{
    @TempDir
    File dir;

    @Test
    void nothingMovesUntilTheNodeIsInvoked() throws Exception
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir)
            .threadingMode(ThreadingMode.INVOKER)
            .ingressUdpEndpoint("")))
        {
            final AgentInvoker invoker = node.invoker();
            assertTrue(null != invoker);
            try (StreamFlowClient client = connect(node, invoker))
            {
                final RecordingListener listener = new RecordingListener();
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
                assertEquals(0, client.offerRecord(1, 0, null, 0, 0, payload, 0, 8));
                for (int i = 0; i < 100; i++)
                {
                    client.poll(listener, 10);
                }
                assertEquals(0, listener.answers(), "no node duty cycle, no answer");
                assertEquals(0, node.counters().journalEntries());

                TestNodes.await(() -> listener.answers() == 1, 5000, () ->
                {
                    invoker.invoke();
                    client.poll(listener, 10);
                }, "the ack");
                assertEquals(0, listener.engineSequenceByClientSequence.get(0));
                assertEquals(1, node.counters().journalEntries());
            }
        }
    }

    @Test
    void otherModesHaveNoInvoker()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).threadingMode(ThreadingMode.SHARED)))
        {
            assertNull(node.invoker());
        }
    }

    static StreamFlowClient connect(final StreamFlowNode node, final AgentInvoker invoker) throws Exception
    {
        final CompletableFuture<StreamFlowClient> client = CompletableFuture.supplyAsync(() ->
            TestNodes.ipcClient(node, 8));
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isDone() && System.nanoTime() - deadlineNs < 0)
        {
            invoker.invoke();
        }
        return client.get(1, TimeUnit.SECONDS);
    }
}
