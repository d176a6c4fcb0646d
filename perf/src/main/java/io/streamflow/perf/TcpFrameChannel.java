package io.streamflow.perf;

import io.aeron.Publication;
import io.streamflow.gateway.BinaryFrames;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The load side of a TCP scenario: a non-blocking loopback connection that sends and receives frames of the binary
 * gateway's format (a little-endian int32 length, then the message), allocation free. A frame the socket does not
 * take at once is finished on the next offer or poll; until then offers are refused as back-pressured.
 */
final class TcpFrameChannel implements AutoCloseable
{
    /** Receives each whole frame. */
    interface FrameHandler
    {
        void onFrame(DirectBuffer buffer, int offset, int length);
    }

    private final SocketChannel socket;
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024).order(BinaryFrames.BYTE_ORDER);
    private final UnsafeBuffer outView = new UnsafeBuffer(out);
    private final ByteBuffer in = ByteBuffer.allocateDirect(1024 * 1024).order(BinaryFrames.BYTE_ORDER);
    private final UnsafeBuffer inView = new UnsafeBuffer(in);

    TcpFrameChannel(final int port)
    {
        try
        {
            socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            socket.configureBlocking(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, ex);
        }
        out.flip();
    }

    /**
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @return 1 when sent (or queued behind nothing), {@link Publication#BACK_PRESSURED} while a frame is pending.
     */
    long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (flush() > 0)
        {
            return Publication.BACK_PRESSURED;
        }
        out.clear();
        out.putInt(length);
        outView.putBytes(BinaryFrames.LENGTH_FIELD, buffer, offset, length);
        out.position(BinaryFrames.LENGTH_FIELD + length);
        out.flip();
        flush();
        return 1;
    }

    /**
     * Finish a pending frame, then hand over every whole frame received.
     *
     * @return frames received.
     */
    int poll(final FrameHandler handler)
    {
        flush();
        try
        {
            if (socket.read(in) < 0)
            {
                throw new IllegalStateException("the other side closed the connection");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final int end = in.position();
        int offset = 0;
        int frames = 0;
        while (end - offset >= BinaryFrames.LENGTH_FIELD)
        {
            final int length = inView.getInt(offset, BinaryFrames.BYTE_ORDER);
            if (end - offset - BinaryFrames.LENGTH_FIELD < length)
            {
                break;
            }
            if (BinaryFrames.HEARTBEAT != length)
            {
                handler.onFrame(inView, offset + BinaryFrames.LENGTH_FIELD, length);
                frames++;
            }
            offset += BinaryFrames.LENGTH_FIELD + length;
        }
        if (offset > 0)
        {
            inView.putBytes(0, inView, offset, end - offset);
            in.position(end - offset);
        }
        return frames;
    }

    private int flush()
    {
        try
        {
            if (out.hasRemaining())
            {
                socket.write(out);
            }
            return out.remaining();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // Closing: nothing to do.
        }
    }
}
