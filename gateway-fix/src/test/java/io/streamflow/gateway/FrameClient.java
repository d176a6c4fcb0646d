package io.streamflow.gateway;

import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A TCP client of the binary gateway written from the frame format alone (docs/gateways.md): a little-endian int32
 * length, then an SBE message; length 0 is a heartbeat. Blocking, with a read timeout.
 */
final class FrameClient implements AutoCloseable
{
    /** What {@link #read} returns when the gateway closed the connection. */
    static final Frame CLOSED = new Frame(-1, new UnsafeBuffer(new byte[0]));

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[4096]);
    private long clientSequence;
    long heartbeats;

    /** One frame from the gateway: its template id (0 for a heartbeat) and the message. */
    record Frame(int templateId, UnsafeBuffer message)
    {
        RejectDecoder reject()
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
            return new RejectDecoder().wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                header.version());
        }
    }

    FrameClient(final int port, final int receiveBufferLength) throws IOException
    {
        socket = new Socket();
        if (receiveBufferLength > 0)
        {
            socket.setReceiveBufferSize(receiveBufferLength);
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    FrameClient(final int port) throws IOException
    {
        this(port, 0);
    }

    void sendConnect(final long clientId, final String credentials) throws IOException
    {
        final byte[] bytes = credentials.getBytes(StandardCharsets.UTF_8);
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
            .clientId(clientId)
            .responseStreamId(0)
            .responseChannel("ignored: the gateway answers")
            .putCredentials(bytes, 0, bytes.length);
        send(message, MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
    }

    /**
     * @return the client sequence of the record sent.
     */
    long sendRecord(final long clientId, final int streamId, final long value) throws IOException
    {
        final RecordEncoder record = new RecordEncoder().wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
            .clientId(clientId)
            .clientSequence(clientSequence)
            .streamId(streamId)
            .eventTimestampNs(0)
            .partition(RecordEncoder.partitionNullValue())
            .putKey(new byte[0], 0, 0);
        final byte[] payload = new byte[8];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        record.putPayload(payload, 0, payload.length);
        send(message, MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength());
        return clientSequence++;
    }

    /**
     * @return the client sequence of the command sent.
     */
    long sendCommand(final long clientId, final io.streamflow.client.CommandWriter command) throws IOException
    {
        command.write(message, 0, clientId, clientSequence);
        send(message, command.length());
        return clientSequence++;
    }

    void send(final UnsafeBuffer buffer, final int length) throws IOException
    {
        final byte[] frame = new byte[BinaryFrames.LENGTH_FIELD + length];
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(length);
        buffer.getBytes(0, frame, BinaryFrames.LENGTH_FIELD, length);
        sendBytes(frame);
    }

    void sendBytes(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /**
     * @return the next frame that is not a heartbeat (heartbeats are counted), or {@link #CLOSED}.
     */
    Frame read() throws IOException
    {
        while (true)
        {
            final int length;
            try
            {
                length = Integer.reverseBytes(in.readInt());
            }
            catch (final EOFException ex)
            {
                return CLOSED;
            }
            catch (final SocketTimeoutException ex)
            {
                throw new AssertionError("no frame from the gateway in 10 s", ex);
            }
            catch (final IOException ex)
            {
                return CLOSED;
            }
            if (BinaryFrames.HEARTBEAT == length)
            {
                heartbeats++;
                continue;
            }
            final byte[] bytes = new byte[length];
            in.readFully(bytes);
            final UnsafeBuffer frame = new UnsafeBuffer(bytes);
            return new Frame(new MessageHeaderDecoder().wrap(frame, 0).templateId(), frame);
        }
    }

    /**
     * @return the next frame of this template, passing over others, or {@link #CLOSED}.
     */
    Frame read(final int templateId) throws IOException
    {
        Frame frame;
        while ((frame = read()) != CLOSED && frame.templateId() != templateId)
        {
            continue;
        }
        return frame;
    }

    public void close() throws IOException
    {
        socket.close();
    }
}
