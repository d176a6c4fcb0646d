package io.streamflow.sequencer;

import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.RejectReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest
{
    @TempDir
    File dir;

    @Test
    void recordsAreAcknowledged()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, 42))
        {
            final long[] acks = new long[1];
            final EgressListener listener = new EgressListener()
            {
                public void onAck(final long cs, final long es, final long ts, final boolean dup)
                {
                    acks[0]++;
                }

                public void onReject(final long cs, final RejectReason r, final int t, final String d)
                {
                    throw new AssertionError(r + " " + d);
                }
            };
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
            for (int i = 0; i < 10; i++)
            {
                client.sendRecord(1, 0, null, 0, 0, payload, 0, 16, listener);
            }
            TestNodes.await(() -> acks[0] == 10, 5000, () -> client.poll(listener, 10), "acks");
            assertEquals(10, node.counters().journalEntries());
        }
    }
}
