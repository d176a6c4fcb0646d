package io.streamflow.gateway.fix;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.streamflow.gateway.fix44.decoder.MarketDataRequestDecoder;
import io.streamflow.gateway.fix44.decoder.NewOrderSingleDecoder;
import io.streamflow.gateway.fix44.decoder.OrderCancelReplaceRequestDecoder;
import io.streamflow.gateway.fix44.decoder.OrderCancelRequestDecoder;
import io.streamflow.gateway.fix44.decoder.OrderMassCancelRequestDecoder;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RejectDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import uk.co.real_logic.artio.library.OnMessageInfo;
import uk.co.real_logic.artio.messages.DisconnectReason;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

/**
 * One FIX session of the gateway and its session with the node: FIX order messages go to the node as its commands
 * ({@link FixOrderIntake}); what the node answers goes back as FIX messages ({@link FixReports}); market data
 * requests subscribe the session to {@link FixMarketData}.
 * <p>
 * Made when a Logon passes the gateway's checks, before Artio has a {@link Session} for it: the node is asked first
 * (the Logon's credentials in the node's Connect), and the Logon is accepted only once the node took them. The node's
 * answers wait in the session's subscription until Artio hands over the session.
 * <p>
 * The gateway's thread only.
 */
final class FixSession extends SessionHandlerAdapter implements NodeSession.Listener
{
    private final FixSessionSpec spec;
    private final FixCounters counters;
    private final ErrorHandler errorHandler;
    private final FixLogons.Pending logon;
    private final NodeSession node;
    private final FixOrderIntake intake;
    private final FixReports reports;
    private final FixMarketData marketData;
    private final MutableAsciiBuffer asciiBuffer = new MutableAsciiBuffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final AckDecoder ack = new AckDecoder();
    private Session session;
    private boolean loggedOn;
    private boolean closed;

    FixSession(
        final FixSessionSpec spec,
        final FixLogons.Pending logon,
        final FixGateway.Context ctx,
        final FixCounters counters,
        final NodeSessionFactory nodeSessions,
        final FixMarketData marketData,
        final long nowNs)
    {
        this.marketData = marketData;
        this.spec = spec;
        this.counters = counters;
        this.errorHandler = ctx.errorHandler();
        this.logon = logon;
        final PendingCommands pending = new PendingCommands(ctx.pendingCommands());
        this.node = nodeSessions.open(spec.clientId(), logon.credentials(), nowNs, this);
        this.reports = new FixReports(ctx.instruments(), pending, counters);
        this.intake = new FixOrderIntake(spec, ctx.instruments(), pending, node, reports, counters, marketData);
    }

    /**
     * @return the session's configuration.
     */
    FixSessionSpec spec()
    {
        return spec;
    }

    /**
     * @return true once the FIX session or the node session ended.
     */
    boolean isClosed()
    {
        return closed;
    }

    /**
     * Artio handed over the FIX session: from now on the node's answers reach it.
     *
     * @param session the logged-on session.
     */
    void bind(final Session session)
    {
        this.session = session;
        reports.bind(session);
        intake.bind(session);
    }

    /**
     * @return true once Artio handed over the session.
     */
    boolean isBound()
    {
        return null != session;
    }

    /**
     * One duty cycle of the node session.
     *
     * @param nowNs the gateway's clock.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        if (closed)
        {
            return 0;
        }
        final int work = node.doWork(nowNs, null != session);
        if (null != session && !node.isOpen() && !closed)
        {
            // The node went away under a logged-on session: end the session, with the reason.
            session.logoutAndDisconnect();
            close();
        }
        return work;
    }

    /**
     * End the session with the node; the FIX side is gone.
     */
    void close()
    {
        if (!closed)
        {
            closed = true;
            node.close();
            if (null != session)
            {
                marketData.removeAll(session);
            }
            if (loggedOn)
            {
                counters.sessions.decrement();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onNodeConnected(final long lastClientSequence)
    {
        loggedOn = true;
        counters.logons.increment();
        counters.sessions.increment();
        logon.accept();
    }

    /**
     * {@inheritDoc}
     */
    public void onNodeRefused(final String reason)
    {
        counters.logonsRefused.increment();
        closed = true;
        logon.reject(reason);
    }

    /**
     * {@inheritDoc}
     */
    public Action onNodeMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                executionReport.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                return reports.onExecutionReport(executionReport);
            case RejectDecoder.TEMPLATE_ID:
                reject.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                return reports.onReject(reject);
            case AckDecoder.TEMPLATE_ID:
                ack.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                return reports.onAck(ack);
            default:
                return Action.CONTINUE;
        }
    }

    /**
     * {@inheritDoc}
     */
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
        if (!messageInfo.isValid())
        {
            // The session layer answered it (a Reject of its own); nothing reaches the node.
            return Action.CONTINUE;
        }
        asciiBuffer.wrap(buffer, offset, length);
        try
        {
            if (messageType == NewOrderSingleDecoder.MESSAGE_TYPE)
            {
                return intake.onNewOrderSingle(asciiBuffer, length);
            }
            if (messageType == OrderCancelRequestDecoder.MESSAGE_TYPE)
            {
                return intake.onOrderCancelRequest(asciiBuffer, length);
            }
            if (messageType == OrderCancelReplaceRequestDecoder.MESSAGE_TYPE)
            {
                return intake.onOrderCancelReplaceRequest(asciiBuffer, length);
            }
            if (messageType == OrderMassCancelRequestDecoder.MESSAGE_TYPE)
            {
                return intake.onOrderMassCancelRequest(asciiBuffer, length);
            }
            if (messageType == MarketDataRequestDecoder.MESSAGE_TYPE)
            {
                return intake.onMarketDataRequest(asciiBuffer, length);
            }
            return intake.onOtherMessage(asciiBuffer, length, messageType);
        }
        catch (final RuntimeException ex)
        {
            // A message the gateway failed on must not stop the session: reported, and not given again.
            errorHandler.onError(ex);
            return Action.CONTINUE;
        }
    }

    /**
     * {@inheritDoc}
     */
    public Action onDisconnect(final int libraryId, final Session session, final DisconnectReason reason)
    {
        close();
        return Action.CONTINUE;
    }
}
