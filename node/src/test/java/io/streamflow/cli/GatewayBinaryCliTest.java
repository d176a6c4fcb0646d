package io.streamflow.cli;

import io.streamflow.sbe.ConnectAckDecoder;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streamflow gateway-binary} in front of a running node: it says where it listens, a TCP client's Connect
 * frame is answered with the node's ConnectAck, and at the end it reports what it served.
 */
class GatewayBinaryCliTest
{
    @TempDir
    File dir;

    @Test
    void theGatewayListensAndATcpClientLogsOnThroughItOverIpc() throws Exception
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))))
        {
            logOnThrough(Cli.start("gateway-binary", "--port", "0", "--bind", "127.0.0.1",
                "--aeron-dir", node.context().aeronDirectoryName(), "--duration", "3"));
        }
    }

    @Test
    void theGatewayReachesANodeOverUdpWithAMediaDriverOfItsOwn() throws Exception
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))))
        {
            final String udp = node.udpIngressChannel(TimeUnit.SECONDS.toNanos(5));
            final String endpoint = udp.substring(udp.indexOf("endpoint=") + "endpoint=".length()).split("\\|")[0];
            logOnThrough(Cli.start("gateway-binary", "--port", "0", "--bind", "127.0.0.1", "--endpoint", endpoint,
                "--duration", "3"));
        }
    }

    private static void logOnThrough(final Cli.Running gateway) throws Exception
    {
        gateway.awaitErr("streamflow binary gateway ready: TCP 127.0.0.1:", 10_000);
        final Matcher port = Pattern.compile("TCP 127\\.0\\.0\\.1:(\\d+)").matcher(gateway.err().toString());
        assertTrue(port.find(), gateway.err().toString());

        try (Socket socket = new Socket())
        {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))), 10_000);
            final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
            final ConnectEncoder connect = new ConnectEncoder()
                .wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
                .clientId(77)
                .responseStreamId(0)
                .responseChannel("")
                .putCredentials(new byte[0], 0, 0);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
            final byte[] frame = new byte[4 + length];
            ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(length);
            message.getBytes(0, frame, 4, length);
            socket.getOutputStream().write(frame);

            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final byte[] answer = new byte[Integer.reverseBytes(in.readInt())];
            in.readFully(answer);
            assertEquals(ConnectAckDecoder.TEMPLATE_ID,
                new MessageHeaderDecoder().wrap(new UnsafeBuffer(answer), 0).templateId());
        }
        final Cli result = gateway.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.err.contains("stopping: 1 connections accepted, 1 frames to the node, 1 to clients"),
            result.err);
    }
}
