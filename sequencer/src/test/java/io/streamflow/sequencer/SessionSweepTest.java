package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that vanishes without a Disconnect does not stay bound for ever: its session is swept once Aeron has
 * dropped its image.
 */
class SessionSweepTest
{
    @TempDir
    File dir;

    @Test
    void sessionsOfClientsThatVanishAreForgotten()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir)
            .ingressUdpEndpoint("")
            .connectTimeoutNs(1_000_000_000L));
            StreamFlowClient stays = TestNodes.ipcClient(node, 1))
        {
            try (Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(node.context().aeronDirectoryName())
                .driverTimeoutMs(10_000));
                Subscription responses = aeron.addSubscription("aeron:ipc?session-id=4242", 1002);
                ExclusivePublication ingress = aeron.addExclusivePublication("aeron:ipc", 1001))
            {
                TestNodes.await(ingress::isConnected, 5_000, () -> { }, "ingress connected");
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
                final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0,
                    new MessageHeaderEncoder()).clientId(2).responseStreamId(1002)
                    .responseChannel("aeron:ipc?session-id=4242").putCredentials(new byte[0], 0, 0);
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
                TestNodes.await(() -> ingress.offer(buffer, 0, length) > 0, 5_000, () -> { }, "connect sent");
                TestNodes.await(() -> node.counters().ingressSessions() == 2, 5_000, () -> { }, "two bound");
                TestNodes.await(responses::isConnected, 5_000, () -> { }, "responses connected");
                assertEquals(2, node.counters().ingressSessions());
            }

            // The vanished client's publication is gone without a Disconnect: its image goes, then the sweep.
            TestNodes.await(() -> node.counters().ingressSessions() == 1, 20_000, () -> stays.poll(null, 10),
                "the vanished session swept");
            Records.sendAndAwait(stays, 10, new RecordingListener());
        }
    }
}
