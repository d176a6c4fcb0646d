package io.streamflow.gateway;

import io.streamflow.client.OrderCommand;
import io.streamflow.engine.Principals;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.ConnectAckDecoder;
import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RejectDecoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binary gateway (docs/gateways.md) from the outside, over TCP with a client written from the frame format: many
 * connections at once each with a session of its own, orders between two of them with the fills on both, a client
 * that stops reading (disconnected, counted, the others go on), garbage and a frame longer than the limit (refused
 * with a reason, counted), a client that disconnects mid-frame, an idle one, and bad credentials.
 */
class BinaryGatewayTest
{
    private static final int RECORDS_STREAM = 1;

    @TempDir
    File dir;

    private StreamFlowNode node;
    private BinaryGateway gateway;
    private final List<FrameClient> clients = new ArrayList<>();

    @AfterEach
    void close() throws IOException
    {
        for (final FrameClient client : clients)
        {
            client.close();
        }
        if (null != gateway)
        {
            gateway.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    @Test
    void manyConnectionsEachHaveASessionAndOrdersBetweenTwoReachBoth() throws IOException
    {
        start(null, new BinaryGateway.Context());
        final int connections = 16;
        for (int i = 0; i < connections; i++)
        {
            logOn(100 + i, "");
        }
        assertEquals(connections, gateway.counters().connections());
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < connections; i++)
            {
                clients.get(i).sendRecord(100 + i, RECORDS_STREAM, round);
            }
            for (int i = 0; i < connections; i++)
            {
                final AckDecoder ack = ack(clients.get(i).read());
                assertEquals(round, ack.clientSequence(), "connection " + i + " is answered its own");
                assertEquals(100 + i, ack.clientId());
            }
        }

        final FrameClient buyer = clients.get(0);
        final FrameClient seller = clients.get(1);
        final OrderCommand order = new OrderCommand();
        buyer.sendCommand(100, order.newOrder(1, 7, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10));
        assertEquals(List.of(ExecType.NEW), execTypes(buyer, 1));
        seller.sendCommand(101, order.newOrder(2, 8, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false, 100, 4));
        assertEquals(List.of(ExecType.NEW, ExecType.FILL), execTypes(seller, 2), "the incoming order filled");
        assertEquals(List.of(ExecType.PARTIAL_FILL), execTypes(buyer, 1), "the resting order's fill reaches its own");
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndTheOthersGoOn() throws Exception
    {
        start(null, new BinaryGateway.Context().maxFrameLength(1024).outboundBufferLength(8 * 1024)
            .socketSendBufferLength(8 * 1024));
        final FrameClient stalled = logOn(201, "", 4096);
        final FrameClient reader = logOn(202, "");
        for (int i = 0; i < 20_000 && gateway.counters().slowClients() == 0; i++)
        {
            try
            {
                stalled.sendRecord(201, RECORDS_STREAM, i);
            }
            catch (final IOException ex)
            {
                break;
            }
        }
        TestNodes.await(() -> gateway.counters().slowClients() == 1, 30_000, () -> { }, "the slow client cut off");
        reader.sendRecord(202, RECORDS_STREAM, 1);
        assertEquals(0, ack(reader.read()).clientSequence(), "the other client is served");
        assertEquals(1, gateway.counters().connections());
        assertTrue(node.counters().commandsSequenced() > 100, "the node took the slow client's commands meanwhile");
    }

    @Test
    void garbageAndOversizedFramesAreRefusedWithAReasonAndCounted() throws Exception
    {
        start(null, new BinaryGateway.Context().maxFrameLength(1024));

        final FrameClient garbage = connect(0);
        garbage.sendBytes(new byte[]{ 12, 0, 0, 0, 'n', 'o', 't', ' ', 'a', ' ', 'C', 'o', 'n', 'n', 'e', 'c' });
        assertRefused(garbage, RejectReason.NOT_CONNECTED, "the first frame must be a Connect");
        assertEquals(1, gateway.counters().badLogons());

        final FrameClient oversized = logOn(301, "");
        final byte[] tooLong = new byte[BinaryFrames.LENGTH_FIELD + 2048];
        ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putInt(2048);
        oversized.sendBytes(tooLong);
        assertRefused(oversized, RejectReason.TOO_LARGE, "a frame of 2048 bytes; the gateway takes at most 1024");
        assertEquals(1, gateway.counters().framesTooLong());

        final FrameClient badMessage = logOn(302, "");
        final UnsafeBuffer unknown = new UnsafeBuffer(new byte[16]);
        new MessageHeaderEncoder().wrap(unknown, 0).blockLength(8).templateId(19)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(MessageHeaderEncoder.SCHEMA_VERSION);
        badMessage.send(unknown, 16);
        final FrameClient.Frame rejected = badMessage.read();
        assertEquals(RejectDecoder.TEMPLATE_ID, rejected.templateId());
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, rejected.reject().reason(), "the node's own answer");
        badMessage.sendRecord(302, RECORDS_STREAM, 1);
        assertEquals(0, ack(badMessage.read()).clientSequence(), "a frame the node refuses keeps the session");
        TestNodes.await(() -> gateway.counters().connections() == 1, 10_000, () -> { }, "the two closed");
    }

    @Test
    void aClientThatDisconnectsMidFrameIsCountedAndTheGatewayGoesOn() throws Exception
    {
        start(null, new BinaryGateway.Context());
        final FrameClient leaving = logOn(401, "");
        leaving.sendBytes(new byte[]{ 40, 0, 0, 0, 1, 2, 3 });
        leaving.close();
        clients.remove(leaving);
        TestNodes.await(() -> gateway.counters().endedMidFrame() == 1, 10_000, () -> { }, "the end mid-frame");
        TestNodes.await(() -> gateway.counters().connections() == 0, 10_000, () -> { }, "the connection closed");

        final FrameClient again = logOn(401, "");
        again.sendRecord(401, RECORDS_STREAM, 1);
        assertEquals(0, ack(again.read()).clientSequence(), "the same client id logs on again");
    }

    @Test
    void anIdleConnectionIsSentHeartbeatsThenClosedWithTheReason() throws Exception
    {
        start(null, new BinaryGateway.Context().heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(50))
            .idleTimeoutNs(TimeUnit.MILLISECONDS.toNanos(1_000)));
        final FrameClient idle = logOn(501, "");
        assertRefused(idle, RejectReason.NOT_CONNECTED, "send a heartbeat (an empty frame) when idle");
        assertTrue(idle.heartbeats >= 3, "heartbeats while idle: " + idle.heartbeats);
        assertEquals(1, gateway.counters().idleClosed());

        final FrameClient alive = logOn(502, "");
        for (int i = 0; i < 30; i++)
        {
            alive.sendBytes(new byte[4]);
            Thread.sleep(50);
        }
        alive.sendRecord(502, RECORDS_STREAM, 1);
        assertEquals(0, ack(alive.read()).clientSequence(), "heartbeats keep a connection open past the timeout");
    }

    @Test
    void theNodeAuthenticatesEachConnectionFromItsConnect() throws Exception
    {
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), Principals.line("alice", "alice-secret", "601", "1") + "\n");
        start(Principals.load(credentials), new BinaryGateway.Context());

        final FrameClient wrong = connect(0);
        wrong.sendConnect(601, "alice:wrong");
        final FrameClient.Frame refused = wrong.read();
        assertEquals(RejectDecoder.TEMPLATE_ID, refused.templateId());
        assertEquals(RejectReason.AUTHENTICATION_FAILED, refused.reject().reason());
        assertSame(FrameClient.CLOSED, wrong.read(), "the gateway closes a connection the node refused");

        final FrameClient alice = logOn(601, "alice:alice-secret");
        alice.sendRecord(601, RECORDS_STREAM, 1);
        assertEquals(0, ack(alice.read()).clientSequence());
    }

    private void start(final Principals principals, final BinaryGateway.Context gatewayContext)
    {
        final StreamFlowNode.Context nodeContext = TestNodes.context(new File(dir, "node"));
        if (null != principals)
        {
            nodeContext.principals(principals);
        }
        node = StreamFlowNode.launch(nodeContext);
        gateway = BinaryGateway.launch(gatewayContext.port(0).bindAddress("127.0.0.1")
            .aeronDirectoryName(node.context().aeronDirectoryName()));
    }

    private FrameClient connect(final int receiveBufferLength) throws IOException
    {
        final FrameClient client = new FrameClient(gateway.port(), receiveBufferLength);
        clients.add(client);
        return client;
    }

    private FrameClient logOn(final long clientId, final String credentials) throws IOException
    {
        return logOn(clientId, credentials, 0);
    }

    private FrameClient logOn(final long clientId, final String credentials, final int receiveBufferLength)
        throws IOException
    {
        final FrameClient client = connect(receiveBufferLength);
        client.sendConnect(clientId, credentials);
        final FrameClient.Frame frame = client.read();
        assertEquals(ConnectAckDecoder.TEMPLATE_ID, frame.templateId(), "ConnectAck for client " + clientId);
        return client;
    }

    private static AckDecoder ack(final FrameClient.Frame frame)
    {
        assertEquals(AckDecoder.TEMPLATE_ID, frame.templateId());
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(frame.message(), 0);
        return new AckDecoder().wrap(frame.message(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
    }

    private static List<ExecType> execTypes(final FrameClient client, final int count) throws IOException
    {
        final List<ExecType> types = new ArrayList<>();
        while (types.size() < count)
        {
            final FrameClient.Frame frame = client.read(ExecutionReportDecoder.TEMPLATE_ID);
            assertNotSame(FrameClient.CLOSED, frame);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(frame.message(), 0);
            types.add(new ExecutionReportDecoder().wrap(frame.message(), MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(), header.version()).execType());
        }
        return types;
    }

    private static void assertRefused(final FrameClient client, final RejectReason reason, final String detail)
        throws IOException
    {
        final FrameClient.Frame frame = client.read(RejectDecoder.TEMPLATE_ID);
        assertNotSame(FrameClient.CLOSED, frame, "a Reject before the close");
        final RejectDecoder reject = frame.reject();
        assertEquals(reason, reject.reason());
        final String text = reject.detail();
        assertTrue(text.contains(detail), text);
        assertSame(FrameClient.CLOSED, client.read(), "then the close");
    }
}
