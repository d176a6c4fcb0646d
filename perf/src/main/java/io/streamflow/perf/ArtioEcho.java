package io.streamflow.perf;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.streamflow.cli.FixOrderClient;
import io.streamflow.gateway.fix.ArtioAcceptor;
import io.streamflow.gateway.fix.FixGateway;
import io.streamflow.gateway.fix.SessionHandlerAdapter;
import io.streamflow.gateway.fix44.builder.ExecutionReportEncoder;
import io.streamflow.gateway.fix44.decoder.NewOrderSingleDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import uk.co.real_logic.artio.Pressure;
import uk.co.real_logic.artio.library.OnMessageInfo;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;
import uk.co.real_logic.artio.validation.AuthenticationStrategy;

import java.io.File;

/**
 * Artio's floor of the FIX round trip: an Artio acceptor, set up as the FIX gateway's is ({@link ArtioAcceptor}),
 * that answers each NewOrderSingle with an ExecutionReport New at once; polled by a thread that idles as the
 * gateway's does. What the gateway adds on top is the node.
 */
final class ArtioEcho extends SessionHandlerAdapter implements AutoCloseable
{
    static final String COMP_ID = "ARTIO";

    private final ArtioAcceptor artio;
    private final FixGateway.Context ctx;
    private final Thread poller;
    private final NewOrderSingleDecoder order = new NewOrderSingleDecoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final MutableAsciiBuffer ascii = new MutableAsciiBuffer();
    private final MutableAsciiBuffer ids = new MutableAsciiBuffer(new byte[24]);
    private volatile boolean running = true;
    private long execId;

    ArtioEcho(final File stateDirectory)
    {
        ctx = new FixGateway.Context().bindAddress("127.0.0.1").port(FixOrderClient.freePort())
            .stateDirectory(stateDirectory);
        artio = new ArtioAcceptor(ctx);
        try
        {
            artio.start(AuthenticationStrategy.none(), (session, info) -> this, "streamflow-bench-artio-echo");
        }
        catch (final RuntimeException ex)
        {
            artio.close();
            throw ex;
        }
        poller = new Thread(this::poll, "artio-echo");
        poller.setDaemon(true);
        poller.start();
    }

    int port()
    {
        return ctx.port();
    }

    private void poll()
    {
        final IdleStrategy idle = ctx.idleStrategy();
        while (running)
        {
            idle.idle(artio.poll(16));
        }
        artio.logoutAll(1_000_000_000L);
    }

    public void close()
    {
        running = false;
        try
        {
            poller.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        artio.close();
    }

    public Action onMessage(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int libraryId,
        final Session session,
        final int sequenceIndex,
        final long messageType,
        final long timestampInNs,
        final long position,
        final OnMessageInfo messageInfo)
    {
        if (NewOrderSingleDecoder.MESSAGE_TYPE != messageType)
        {
            return Action.CONTINUE;
        }
        ascii.wrap(buffer, offset, length);
        order.reset();
        order.decode(ascii, 0, length);
        report.reset();
        final int idLength = ids.putLongAscii(0, execId + 1);
        report.orderID(ids, idLength).execID(ids, idLength).execType('0').ordStatus('0').side(order.side())
            .clOrdID(order.clOrdID(), order.clOrdIDLength());
        report.instrument().symbol(order.symbol(), order.symbolLength());
        report.leavesQty(order.orderQty()).cumQty(0, 0).avgPx(0, 0);
        if (Pressure.isBackPressured(session.trySend(report)))
        {
            return Action.ABORT;
        }
        execId++;
        return Action.CONTINUE;
    }
}
