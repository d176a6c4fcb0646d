package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import io.streamflow.client.load.LoadTarget;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The floor of the binary gateway: a bare TCP ping-pong over loopback, frames of the gateway's format echoed byte for
 * byte by a thread that idles as the gateway's does. Driven by the same {@code LoadGenerator} as StreamFlow.
 */
final class RawTcpEcho implements LoadTarget, AutoCloseable
{
    private final ServerSocketChannel server;
    private final Thread echo;
    private final TcpFrameChannel channel;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final TcpFrameChannel.FrameHandler onPong = this::onPong;
    private volatile boolean running = true;
    private EgressListener listener;
    private long nextSequence;

    RawTcpEcho(final IdleStrategy echoIdleStrategy)
    {
        try
        {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        echo = new Thread(() -> echo(echoIdleStrategy), "raw-tcp-echo");
        echo.setDaemon(true);
        echo.start();
        channel = new TcpFrameChannel(server.socket().getLocalPort());
    }

    private void echo(final IdleStrategy idle)
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(1024 * 1024);
        try (SocketChannel socket = server.accept())
        {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            socket.configureBlocking(false);
            while (running)
            {
                final int read = socket.read(buffer);
                if (read < 0)
                {
                    return;
                }
                buffer.flip();
                while (buffer.hasRemaining() && running)
                {
                    socket.write(buffer);
                }
                buffer.clear();
                idle.idle(read);
            }
        }
        catch (final IOException ex)
        {
            if (running)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * {@inheritDoc}
     */
    public long offer(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final long sendTimeNs)
    {
        final long result = channel.offer(sendBuffer, 0, EchoPings.encode(
            sendBuffer, nextSequence, key, keyOffset, keyLength, payload, payloadOffset, payloadLength));
        return result < 0 ? result : nextSequence++;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        this.listener = listener;
        return channel.poll(onPong);
    }

    private void onPong(final DirectBuffer buffer, final int offset, final int length)
    {
        EchoPings.onPong(listener, buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        running = false;
        CloseHelper.quietCloseAll(channel, server);
        try
        {
            echo.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
