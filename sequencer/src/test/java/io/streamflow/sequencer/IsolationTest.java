package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.operators.AcknowledgingRouter;
import io.streamflow.protocol.CommandView;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One misbehaving party never stops the node for the others: an operator bug, a client that stops reading, one
 * client too many.
 */
class IsolationTest
{
    @TempDir
    File dir;

    @Test
    void anOperatorThatThrowsIsCountedAndTheNodeGoesOn()
    {
        final AcknowledgingRouter router = new AcknowledgingRouter();
        final CommandView command = new CommandView();
        final RecordingLogger logger = new RecordingLogger();
        ErrorLogCheck.expect(dir, "operator bug on");
        final StreamFlowNode.Context ctx = TestNodes.context(dir).logger(logger).operator(
            (engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress) ->
            {
                if (command.wrap(buffer, offset, length).clientSequence() % 10 == 3)
                {
                    throw new IllegalStateException("operator bug on " + engineSequence);
                }
                router.onCommand(
                    engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress);
            });

        try (StreamFlowNode node = StreamFlowNode.launch(ctx); StreamFlowClient client = TestNodes.ipcClient(node, 1))
        {
            final RecordingListener listener = new RecordingListener();
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            for (int i = 0; i < 100; i++)
            {
                assertTrue(client.sendRecord(1, 0, null, 0, 0, payload, 0, 8, listener) >= 0);
            }
            TestNodes.await(() -> listener.ackedClientSequences.size() == 90, 10_000, () -> client.poll(listener, 64),
                "acks of the commands the operator did not fail on");
            TestNodes.await(() -> node.counters().operatorErrors() == 10, 5_000, () -> { }, "operator errors counted");
            assertEquals(100, node.counters().journalEntries(), "journaled before the operator saw them");
            assertTrue(node.counters().errors() >= 10, "reported to the error handler");
            assertEquals(10, logger.lines.stream().filter((line) -> line.contains("operator bug on")).count(),
                "and logged");
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndOthersAreServed()
    {
        final StreamFlowNode.Context ctx = TestNodes.context(dir)
            .slowClientTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300));
        try (StreamFlowNode node = StreamFlowNode.launch(ctx);
            StreamFlowClient stalled = TestNodes.ipcClient(node, 1);
            StreamFlowClient healthy = TestNodes.ipcClient(node, 2))
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
            // Never reads its answers: its egress fills and back-pressures the node.
            int sent = 0;
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (node.counters().sessionsTimedOut() == 0 && System.nanoTime() - deadlineNs < 0)
            {
                if (stalled.offerRecord(1, 0, null, 0, 0, payload, 0, 16) >= 0)
                {
                    sent++;
                }
            }
            assertEquals(1, node.counters().sessionsTimedOut(), "the stalled client's session was closed");
            assertTrue(sent > 10_000, "it had filled its egress: " + sent);

            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(healthy, 1_000, listener);
            listener.assertNoRejects();
            assertTrue(node.counters().egressUndeliverable() > 0, "the stalled client's answers were counted");
        }
    }

    @Test
    void aLaunchThatFailsClosesWhatItOpened() throws Exception
    {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            ErrorLogCheck.expect(dir, "Address already in use");
            final StreamFlowNode.Context ctx = TestNodes.context(dir)
                .ingressUdpEndpoint("localhost:" + taken.getLocalPort());
            final RuntimeException failure = assertThrows(RuntimeException.class, () -> StreamFlowNode.launch(ctx));
            assertTrue(String.valueOf(failure.getMessage()).contains("Address already in use") ||
                String.valueOf(failure.getCause()).contains("Address already in use"), failure.toString());
            assertFalse(new File(ctx.aeronDirectoryName()).exists(), "the media driver it started was closed");
        }

        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, 1))
        {
            Records.sendAndAwait(client, 10, new RecordingListener());
            assertEquals(10, node.counters().journalEntries(), "the journal was closed and opens again");
        }
    }

    @Test
    void oneClientTooManyIsRefusedWithAReason()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).maxClients(1));
            StreamFlowClient first = TestNodes.ipcClient(node, 1))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TestNodes.ipcClient(node, 2));
            assertTrue(refused.getMessage().contains("CLIENT_LIMIT"), refused.getMessage());

            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(first, 10, listener);
            try (StreamFlowClient again = TestNodes.ipcClient(node, 1))
            {
                assertEquals(9, again.lastClientSequenceAtConnect(), "a known client reconnects");
            }
        }
    }
}
