package io.streamflow.gateway.fix;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.streamflow.gateway.fix44.builder.BusinessMessageRejectEncoder;
import io.streamflow.gateway.fix44.builder.ExecutionReportEncoder;
import io.streamflow.gateway.fix44.builder.OrderCancelRejectEncoder;
import io.streamflow.gateway.fix44.builder.OrderMassCancelReportEncoder;
import io.streamflow.gateway.fix44.builder.RejectEncoder;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.OrderRejectReason;
import io.streamflow.sbe.RejectDecoder;
import io.streamflow.sbe.Side;
import org.agrona.collections.Long2LongHashMap;
import uk.co.real_logic.artio.Pressure;
import uk.co.real_logic.artio.builder.Encoder;
import uk.co.real_logic.artio.fields.EpochFractionFormat;
import uk.co.real_logic.artio.fields.UtcTimestampEncoder;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

/**
 * Everything a FIX client is sent by the gateway beyond the session layer: the node's execution reports as FIX 4.4
 * ExecutionReports (ExecType/OrdStatus, CumQty, LeavesQty, AvgPx, LastPx/LastQty as FIX 4.4 defines them), its
 * refusals of cancels and replaces as OrderCancelRejects, mass cancels as OrderMassCancelReports, and the rejects of
 * the gateway's own checks (session Reject, BusinessMessageReject).
 * <p>
 * Identifiers: OrderID (37) is the node's order id; ExecID (17) is {@code engineSequence-n}, n counting the session's
 * reports of that engine sequence (unique for the session across gateway restarts, as engine sequences never repeat),
 * or {@code G<sequenceIndex>.<MsgSeqNum>} for a reject of the gateway's own. AvgPx is kept by the gateway from the
 * fills it passed on: an order that filled before a gateway restart reports the average of the fills since.
 * <p>
 * A message Artio cannot send yet (back-pressure) is not sent at all and {@link Action#ABORT} is returned, so that
 * the node's answer is given again; no state changes before a send succeeds. The gateway's thread only.
 */
final class FixReports
{
    private static final int AVG_PX_EXTRA_DECIMALS = 4;
    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000};
    private static final String UNKNOWN_ID = "NONE";
    private static final char[] NOT_APPLICABLE = "[N/A]".toCharArray();

    private final FixInstruments instruments;
    private final PendingCommands pending;
    private final FixCounters counters;
    private final ExecutionReportEncoder executionReport = new ExecutionReportEncoder();
    private final OrderCancelRejectEncoder cancelReject = new OrderCancelRejectEncoder();
    private final OrderMassCancelReportEncoder massCancelReport = new OrderMassCancelReportEncoder();
    private final BusinessMessageRejectEncoder businessReject = new BusinessMessageRejectEncoder();
    private final RejectEncoder sessionReject = new RejectEncoder();
    private final UtcTimestampEncoder transactTime = new UtcTimestampEncoder(EpochFractionFormat.MILLISECONDS);
    private final Long2LongHashMap notionalByOrder = new Long2LongHashMap(0);
    private final char[] clOrdId = new char[ClOrdIds.MAX_LENGTH + 2];
    private final char[] origClOrdId = new char[ClOrdIds.MAX_LENGTH + 2];
    private final MutableAsciiBuffer orderId = new MutableAsciiBuffer(new byte[24]);
    private final MutableAsciiBuffer execId = new MutableAsciiBuffer(new byte[48]);
    private final MutableAsciiBuffer account = new MutableAsciiBuffer(new byte[24]);
    private final MutableAsciiBuffer text = new MutableAsciiBuffer(new byte[256]);
    private Session session;
    private long lastEngineSequence = -1;
    private int reportsInEngineSequence;

    FixReports(final FixInstruments instruments, final PendingCommands pending, final FixCounters counters)
    {
        this.instruments = instruments;
        this.pending = pending;
        this.counters = counters;
    }

    void bind(final Session session)
    {
        this.session = session;
    }

    /**
     * An execution report of the node for one of the session's orders (its own command's, or a fill another
     * session's order caused).
     */
    Action onExecutionReport(final ExecutionReportDecoder report)
    {
        final long sequence = report.clientSequence();
        final byte kind = pending.kind(sequence);
        final ExecType type = report.execType();
        if (ExecType.REJECTED == type && (PendingCommands.CANCEL == kind || PendingCommands.REPLACE == kind))
        {
            return sendCancelReject(sequence, kind, report.rejectReason(), rejectText(report.rejectReason()), 0);
        }
        if (PendingCommands.MASS_CANCEL == kind)
        {
            if (ExecType.REJECTED == type)
            {
                pending.markRejected(sequence);
                return Action.CONTINUE;
            }
        }

        final long orderIdValue = report.orderId();
        final long cum = report.cumQuantity();
        final long lastQty = report.lastQuantity();
        final long fillNotional = lastQty > 0 ? report.lastPriceTicks() * lastQty : 0;
        final long notional = notionalByOrder.get(orderIdValue) + fillNotional;
        final int symbolIndex = instruments.indexOfInstrument(report.instrumentId());

        executionReport.reset();
        final int orderIdLength = 0 == orderIdValue ? orderId.putAscii(0, UNKNOWN_ID) :
            orderId.putLongAscii(0, orderIdValue);
        executionReport.orderID(orderId, orderIdLength);
        executionReport.execID(execId, nextExecId(report.engineSequence()));
        setClOrdIds(kind, type, sequence, report.clientOrderId());
        executionReport.execType(fixExecType(type)).ordStatus(fixOrdStatus(type, cum));
        executionReport.account(account, account.putLongAscii(0, report.account()));
        setSymbol(symbolIndex, report.instrumentId());
        executionReport.side(Side.SELL == report.side() ? '2' : '1');
        executionReport.orderQtyData().orderQty(report.quantity(), 0);
        if (report.priceTicks() > 0 && symbolIndex >= 0)
        {
            executionReport.price(report.priceTicks() * instruments.unitValue(symbolIndex),
                instruments.unitScale(symbolIndex));
        }
        executionReport.leavesQty(report.leavesQuantity(), 0).cumQty(cum, 0);
        setAvgPx(symbolIndex, notional, cum);
        if (lastQty > 0 && symbolIndex >= 0)
        {
            executionReport.lastPx(report.lastPriceTicks() * instruments.unitValue(symbolIndex),
                instruments.unitScale(symbolIndex)).lastQty(lastQty, 0);
        }
        if (ExecType.REJECTED == type)
        {
            executionReport.ordRejReason(fixOrdRejReason(report.rejectReason()));
        }
        final String reason = rejectText(report.rejectReason());
        if (null != reason)
        {
            executionReport.text(reason);
        }
        executionReport.transactTime(transactTime.buffer(), transactTime.encode(report.timestampNs() / 1_000_000));

        if (Pressure.isBackPressured(session.trySend(executionReport)))
        {
            takeBackExecId();
            return Action.ABORT;
        }
        counters.reportsToClients.increment();
        if (ExecType.FILL == type || ExecType.CANCELED == type || ExecType.REJECTED == type)
        {
            notionalByOrder.remove(orderIdValue);
        }
        else if (fillNotional > 0)
        {
            notionalByOrder.put(orderIdValue, notional);
        }
        if (PendingCommands.MASS_CANCEL == kind && ExecType.CANCELED == type)
        {
            pending.countAffected(sequence);
        }
        return Action.CONTINUE;
    }

    /**
     * The node refused a command (admission: not authorized, an invalid field, ...).
     */
    Action onReject(final RejectDecoder reject)
    {
        final long sequence = reject.clientSequence();
        final byte kind = pending.kind(sequence);
        text.putAscii(0, reject.reason().name());
        int textLength = reject.reason().name().length();
        textLength += text.putAscii(textLength, ": ");
        final int detailLength = Math.min(reject.detailLength(), text.capacity() - textLength);
        reject.getDetail(text, textLength, detailLength);
        textLength += detailLength;
        counters.nodeRejects.increment();
        final Action action;
        switch (kind)
        {
            case PendingCommands.NEW_ORDER:
                action = sendOrderReject(sequence, textLength);
                break;
            case PendingCommands.CANCEL:
            case PendingCommands.REPLACE:
                action = sendCancelReject(sequence, kind, OrderRejectReason.NONE, null, textLength);
                break;
            case PendingCommands.MASS_CANCEL:
                pending.markRejected(sequence);
                action = sendMassCancelReport(-1, sequence, textLength);
                break;
            default:
                return Action.CONTINUE;
        }
        if (Action.CONTINUE == action)
        {
            pending.remove(sequence);
        }
        return action;
    }

    /**
     * The node applied a command: for the last command of a mass cancel request, the request's report.
     */
    Action onAck(final AckDecoder ack)
    {
        final long sequence = ack.clientSequence();
        if (PendingCommands.MASS_CANCEL != pending.kind(sequence))
        {
            return Action.CONTINUE;
        }
        if (pending.remainingInRequest(sequence) > 0)
        {
            pending.carryToNext(sequence);
            pending.remove(sequence);
            return Action.CONTINUE;
        }
        final Action action = sendMassCancelReport(ack.engineSequence(), sequence, 0);
        if (Action.CONTINUE == action)
        {
            pending.remove(sequence);
        }
        return action;
    }

    /**
     * An order the gateway refused before the node: an ExecutionReport with ExecType and OrdStatus Rejected.
     *
     * @return false when back-pressured (nothing sent).
     */
    boolean rejectOrder(
        final char[] clOrdIdChars,
        final int clOrdIdLength,
        final char[] symbol,
        final int symbolLength,
        final char side,
        final int ordRejReason,
        final String reason,
        final int msgSeqNum,
        final int sequenceIndex)
    {
        executionReport.reset();
        executionReport.orderID(UNKNOWN_ID);
        executionReport.execID(execId, gatewayExecId(msgSeqNum, sequenceIndex));
        executionReport.clOrdID(clOrdIdChars, clOrdIdLength);
        executionReport.execType('8').ordStatus('8').ordRejReason(ordRejReason).text(reason);
        executionReport.instrument().symbol(symbol, symbolLength);
        executionReport.side(0 == side ? '1' : side);
        executionReport.leavesQty(0, 0).cumQty(0, 0).avgPx(0, 0);
        return sendGatewayReject(executionReport);
    }

    /**
     * A cancel or replace the gateway refused before the node: an OrderCancelReject.
     *
     * @return false when back-pressured (nothing sent).
     */
    boolean rejectCancel(
        final char[] clOrdIdChars,
        final int clOrdIdLength,
        final char[] origChars,
        final int origLength,
        final boolean replace,
        final int cxlRejReason,
        final String reason)
    {
        cancelReject.reset();
        cancelReject.orderID(UNKNOWN_ID).clOrdID(clOrdIdChars, clOrdIdLength).origClOrdID(origChars, origLength)
            .ordStatus('8').cxlRejResponseTo(replace ? '2' : '1').cxlRejReason(cxlRejReason).text(reason);
        return sendGatewayReject(cancelReject);
    }

    /**
     * A mass cancel the gateway refused before the node: an OrderMassCancelReport with MassCancelResponse 0.
     *
     * @return false when back-pressured (nothing sent).
     */
    boolean rejectMassCancel(
        final char[] clOrdIdChars,
        final int clOrdIdLength,
        final char[] symbol,
        final int symbolLength,
        final char requestType,
        final String rejectReason,
        final String reason)
    {
        massCancelReport.reset();
        massCancelReport.clOrdID(clOrdIdChars, clOrdIdLength).orderID(UNKNOWN_ID)
            .massCancelRequestType(0 == requestType ? '7' : requestType).massCancelResponse('0')
            .massCancelRejectReason(rejectReason).text(reason);
        if (symbolLength > 0)
        {
            massCancelReport.instrument().symbol(symbol, symbolLength);
        }
        else
        {
            massCancelReport.instrument().symbol(NOT_APPLICABLE);
        }
        return sendGatewayReject(massCancelReport);
    }

    /**
     * A message that breaks the session-level rules of its type: a session Reject (35=3).
     *
     * @return false when back-pressured (nothing sent).
     */
    boolean rejectSession(
        final int refSeqNum,
        final int refTagId,
        final char[] refMsgType,
        final int refMsgTypeLength,
        final int sessionRejectReason,
        final String reason)
    {
        sessionReject.reset();
        sessionReject.refSeqNum(refSeqNum).refMsgType(refMsgType, refMsgTypeLength)
            .sessionRejectReason(sessionRejectReason).text(reason);
        if (refTagId > 0)
        {
            sessionReject.refTagID(refTagId);
        }
        if (Pressure.isBackPressured(session.trySend(sessionReject)))
        {
            return false;
        }
        counters.sessionRejects.increment();
        return true;
    }

    /**
     * A message that passed the session layer but cannot be acted on: a BusinessMessageReject (35=j).
     *
     * @return false when back-pressured (nothing sent).
     */
    boolean rejectBusiness(
        final int refSeqNum,
        final char[] refMsgType,
        final int refMsgTypeLength,
        final char[] refId,
        final int refIdLength,
        final int businessRejectReason,
        final String reason)
    {
        businessReject.reset();
        businessReject.refSeqNum(refSeqNum).refMsgType(refMsgType, refMsgTypeLength)
            .businessRejectReason(businessRejectReason).text(reason);
        if (refIdLength > 0)
        {
            businessReject.businessRejectRefID(refId, refIdLength);
        }
        if (Pressure.isBackPressured(session.trySend(businessReject)))
        {
            return false;
        }
        counters.businessRejects.increment();
        return true;
    }

    private boolean sendGatewayReject(final Encoder encoder)
    {
        if (Pressure.isBackPressured(session.trySend(encoder)))
        {
            return false;
        }
        counters.gatewayRejects.increment();
        counters.reportsToClients.increment();
        return true;
    }

    private Action sendOrderReject(final long sequence, final int textLength)
    {
        executionReport.reset();
        executionReport.orderID(UNKNOWN_ID);
        executionReport.execID(execId, nodeRejectExecId(sequence));
        executionReport.clOrdID(clOrdId, ClOrdIds.decode(pending.clOrdId(sequence), clOrdId));
        executionReport.execType('8').ordStatus('8').ordRejReason(99).text(text, 0, textLength);
        setSymbol(pending.symbolIndex(sequence), 0);
        executionReport.side(pending.side(sequence));
        executionReport.orderQtyData().orderQty(pending.quantity(sequence), 0);
        executionReport.leavesQty(0, 0).cumQty(0, 0).avgPx(0, 0);
        if (Pressure.isBackPressured(session.trySend(executionReport)))
        {
            return Action.ABORT;
        }
        counters.reportsToClients.increment();
        return Action.CONTINUE;
    }

    private Action sendCancelReject(
        final long sequence,
        final byte kind,
        final OrderRejectReason reason,
        final String reasonText,
        final int textLength)
    {
        cancelReject.reset();
        cancelReject.orderID(UNKNOWN_ID)
            .clOrdID(clOrdId, ClOrdIds.decode(pending.clOrdId(sequence), clOrdId))
            .origClOrdID(origClOrdId, ClOrdIds.decode(pending.origClOrdId(sequence), origClOrdId))
            .ordStatus('8')
            .cxlRejResponseTo(PendingCommands.REPLACE == kind ? '2' : '1')
            .cxlRejReason(fixCxlRejReason(reason));
        if (null != reasonText)
        {
            cancelReject.text(reasonText);
        }
        else
        {
            cancelReject.text(text, 0, textLength);
        }
        if (Pressure.isBackPressured(session.trySend(cancelReject)))
        {
            return Action.ABORT;
        }
        counters.reportsToClients.increment();
        return Action.CONTINUE;
    }

    private Action sendMassCancelReport(final long engineSequence, final long sequence, final int textLength)
    {
        final int affected = pending.affected(sequence);
        massCancelReport.reset();
        massCancelReport.clOrdID(clOrdId, ClOrdIds.decode(pending.clOrdId(sequence), clOrdId));
        if (engineSequence >= 0)
        {
            massCancelReport.orderID(orderId, orderId.putLongAscii(0, engineSequence));
        }
        else
        {
            massCancelReport.orderID(UNKNOWN_ID);
        }
        final char requestType = pending.massCancelType(sequence);
        massCancelReport.massCancelRequestType(requestType);
        if (affected < 0)
        {
            massCancelReport.massCancelResponse('0').massCancelRejectReason(
                textLength > 0 ? "99" : "1");
            if (textLength > 0)
            {
                massCancelReport.text(text, 0, textLength);
            }
            else
            {
                massCancelReport.text("the node has no such instrument");
            }
        }
        else
        {
            massCancelReport.massCancelResponse(requestType).totalAffectedOrders(affected);
        }
        // Artio's codec encodes the optional Instrument always: a request for every symbol names FIX's "[N/A]".
        massCancelReport.instrument().symbol(pending.symbolIndex(sequence) >= 0 ?
            instruments.symbol(pending.symbolIndex(sequence)) : NOT_APPLICABLE);
        if (Pressure.isBackPressured(session.trySend(massCancelReport)))
        {
            return Action.ABORT;
        }
        counters.reportsToClients.increment();
        return Action.CONTINUE;
    }

    private void setClOrdIds(final byte kind, final ExecType type, final long sequence, final long reportClOrdId)
    {
        if (PendingCommands.CANCEL == kind && ExecType.CANCELED == type)
        {
            executionReport.clOrdID(clOrdId, ClOrdIds.decode(pending.clOrdId(sequence), clOrdId));
            executionReport.origClOrdID(origClOrdId, ClOrdIds.decode(reportClOrdId, origClOrdId));
        }
        else if (PendingCommands.REPLACE == kind && (ExecType.REPLACED == type || ExecType.CANCELED == type))
        {
            executionReport.clOrdID(clOrdId, ClOrdIds.decode(pending.clOrdId(sequence), clOrdId));
            executionReport.origClOrdID(origClOrdId, ClOrdIds.decode(pending.origClOrdId(sequence), origClOrdId));
        }
        else
        {
            executionReport.clOrdID(clOrdId, ClOrdIds.decode(reportClOrdId, clOrdId));
        }
    }

    private void setSymbol(final int symbolIndex, final int instrumentId)
    {
        if (symbolIndex >= 0)
        {
            executionReport.instrument().symbol(instruments.symbol(symbolIndex));
        }
        else
        {
            // An instrument the gateway has no symbol for: named by the node's id.
            executionReport.instrument().symbol(text, text.putIntAscii(0, instrumentId));
        }
    }

    private void setAvgPx(final int symbolIndex, final long notional, final long cum)
    {
        if (cum <= 0 || symbolIndex < 0)
        {
            executionReport.avgPx(0, 0);
            return;
        }
        final long unitValue = instruments.unitValue(symbolIndex);
        final int unitScale = instruments.unitScale(symbolIndex);
        try
        {
            final long scaled = Math.multiplyExact(Math.multiplyExact(notional, unitValue),
                POWERS[AVG_PX_EXTRA_DECIMALS]);
            executionReport.avgPx(scaled / cum, unitScale + AVG_PX_EXTRA_DECIMALS);
        }
        catch (final ArithmeticException ex)
        {
            executionReport.avgPx(notional / cum * unitValue, unitScale);
        }
    }

    private int nextExecId(final long engineSequence)
    {
        if (engineSequence != lastEngineSequence)
        {
            lastEngineSequence = engineSequence;
            reportsInEngineSequence = 0;
        }
        reportsInEngineSequence++;
        int length = execId.putLongAscii(0, engineSequence);
        execId.putByte(length++, (byte)'-');
        length += execId.putIntAscii(length, reportsInEngineSequence);
        return length;
    }

    private void takeBackExecId()
    {
        reportsInEngineSequence--;
    }

    private int gatewayExecId(final int msgSeqNum, final int sequenceIndex)
    {
        int length = 0;
        execId.putByte(length++, (byte)'G');
        length += execId.putIntAscii(length, sequenceIndex);
        execId.putByte(length++, (byte)'.');
        length += execId.putIntAscii(length, msgSeqNum);
        return length;
    }

    private int nodeRejectExecId(final long clientSequence)
    {
        int length = 0;
        execId.putByte(length++, (byte)'R');
        length += execId.putLongAscii(length, clientSequence);
        return length;
    }

    static char fixExecType(final ExecType type)
    {
        switch (type)
        {
            case NEW:
                return '0';
            case PARTIAL_FILL:
            case FILL:
                return 'F';
            case CANCELED:
                return '4';
            case REPLACED:
                return '5';
            default:
                return '8';
        }
    }

    static char fixOrdStatus(final ExecType type, final long cumQuantity)
    {
        switch (type)
        {
            case NEW:
                return '0';
            case PARTIAL_FILL:
                return '1';
            case FILL:
                return '2';
            case CANCELED:
                return '4';
            case REPLACED:
                return cumQuantity > 0 ? '1' : '0';
            default:
                return '8';
        }
    }

    static int fixOrdRejReason(final OrderRejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_INSTRUMENT:
                return 1;
            case ORDER_LIMIT:
                return 3;
            case UNKNOWN_ORDER:
                return 5;
            case DUPLICATE_CLIENT_ORDER_ID:
                return 6;
            case UNSUPPORTED:
                return 11;
            case INVALID_QUANTITY:
            case OFF_LOT_QUANTITY:
                return 13;
            default:
                return 99;
        }
    }

    static int fixCxlRejReason(final OrderRejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_ORDER:
                return 1;
            case DUPLICATE_CLIENT_ORDER_ID:
                return 6;
            default:
                return 99;
        }
    }

    /**
     * @return the Text (58) of a report with this reason, null for none.
     */
    static String rejectText(final OrderRejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_INSTRUMENT:
                return "unknown instrument";
            case INVALID_QUANTITY:
                return "invalid quantity";
            case OFF_TICK_PRICE:
                return "price is not a multiple of the book's tick";
            case OFF_LOT_QUANTITY:
                return "quantity is not a whole number of lots";
            case OUTSIDE_PRICE_BAND:
                return "price outside the price band";
            case UNKNOWN_ORDER:
                return "unknown order (never open, filled or cancelled)";
            case DUPLICATE_CLIENT_ORDER_ID:
                return "duplicate ClOrdID";
            case ORDER_LIMIT:
                return "the account has its maximum of open orders";
            case WOULD_CROSS:
                return "post-only order would cross";
            case FOK_UNFILLABLE:
                return "fill or kill: could not fill completely";
            case CAPACITY:
                return "the book is full";
            case NO_LIQUIDITY:
                return "no liquidity for a market order";
            case UNSUPPORTED:
                return "unsupported combination (post-only market or FOK)";
            case SELF_TRADE_PREVENTED:
                return "self-trade prevented";
            case MASS_CANCEL:
                return "cancelled by a mass cancel";
            case REMAINDER:
                return "unfilled remainder of an immediate order";
            case CANCEL_REQUESTED:
                return "cancelled at the owner's request";
            default:
                return null;
        }
    }
}
