package io.streamflow.gateway.fix;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.streamflow.gateway.fix44.decoder.BusinessMessageRejectDecoder;
import io.streamflow.gateway.fix44.decoder.HeartbeatDecoder;
import io.streamflow.gateway.fix44.decoder.LogonDecoder;
import io.streamflow.gateway.fix44.decoder.LogoutDecoder;
import io.streamflow.gateway.fix44.decoder.MarketDataRequestDecoder;
import io.streamflow.gateway.fix44.decoder.NewOrderSingleDecoder;
import io.streamflow.gateway.fix44.decoder.OrderCancelReplaceRequestDecoder;
import io.streamflow.gateway.fix44.decoder.OrderCancelRequestDecoder;
import io.streamflow.gateway.fix44.decoder.OrderMassCancelRequestDecoder;
import io.streamflow.gateway.fix44.decoder.RejectDecoder;
import io.streamflow.gateway.fix44.decoder.ResendRequestDecoder;
import io.streamflow.gateway.fix44.decoder.SequenceResetDecoder;
import io.streamflow.gateway.fix44.decoder.TestRequestDecoder;
import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.CancelOrderEncoder;
import io.streamflow.sbe.MassCancelEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.NewOrderEncoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.ReplaceOrderEncoder;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.artio.builder.Decoder;
import uk.co.real_logic.artio.fields.DecimalFloat;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.MessageTypeEncoding;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * FIX order messages to the node's commands: NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest and
 * OrderMassCancelRequest, checked and translated here, every refusal answered as FIX says (see docs/gateways.md):
 * <ul>
 *   <li>a field missing or malformed for its type: a session Reject (35=3) naming the tag;</li>
 *   <li>a value the node cannot take (unknown symbol, a side or order type it does not trade, a price that is not a
 *   whole number of the symbol's price unit, a quantity that is not whole, a ClOrdID it cannot carry): the message
 *   type's own answer, an ExecutionReport Rejected, an OrderCancelReject or an OrderMassCancelReport with the reason
 *   in Text;</li>
 *   <li>an account the session may not trade, a missing conditionally required field, the node out of reach, a
 *   message type the gateway does not take: a BusinessMessageReject (35=j).</li>
 * </ul>
 * Conventions, written down where FIX leaves a choice: TimeInForce Day (0, and its absence) rests until cancelled
 * (the node has no trading-session end); ExecInst 6 (participate, do not initiate) is post-only; a message without
 * Account (1) acts for the session's first account; a mass cancel (which has no Account in FIX 4.4) covers every
 * account of the session.
 * <p>
 * Nothing is committed before the node's ingress takes a command: a message that cannot be passed on or answered now
 * (back-pressure) returns {@link Action#ABORT}, and Artio gives it again. The gateway's thread only.
 */
final class FixOrderIntake
{
    private static final String[] SESSION_REJECT_TEXT = {
        "invalid tag number", "required tag missing", "tag not defined for this message type", "undefined tag",
        "tag specified without a value", "value is incorrect (out of range) for this tag",
        "incorrect data format for value", "decryption problem", "signature problem", "CompID problem",
        "SendingTime accuracy problem", "invalid MsgType", "XML validation error", "tag appears more than once",
        "tag specified out of required order", "repeating group fields out of order",
        "incorrect NumInGroup count for repeating group", "non-data value includes field delimiter"};
    private static final int SESSION_REJECT_OTHER = 99;
    private static final int SESSION_REJECT_INCORRECT_FORMAT = 6;
    private static final int BUSINESS_REJECT_UNSUPPORTED_MESSAGE_TYPE = 3;
    private static final int BUSINESS_REJECT_APPLICATION_NOT_AVAILABLE = 4;
    private static final int BUSINESS_REJECT_CONDITIONALLY_REQUIRED_MISSING = 5;
    private static final int BUSINESS_REJECT_NOT_AUTHORIZED = 6;
    private static final int ORD_REJ_UNKNOWN_SYMBOL = 1;
    private static final int ORD_REJ_UNSUPPORTED = 11;
    private static final int ORD_REJ_INCORRECT_QUANTITY = 13;
    private static final int ORD_REJ_OTHER = 99;
    private static final int CXL_REJ_UNKNOWN_ORDER = 1;
    private static final int CXL_REJ_OTHER = 99;
    private static final char[] NO_CHARS = new char[0];
    private static final String PRICE_UNIT_TEXT = "Price must be a positive whole number of the symbol's price unit";

    private final FixSessionSpec spec;
    private final FixInstruments instruments;
    private final PendingCommands pending;
    private final NodeSession node;
    private final FixReports reports;
    private final FixCounters counters;
    private final FixMarketData marketData;
    private final NewOrderSingleDecoder newOrderSingle = new NewOrderSingleDecoder();
    private final OrderCancelRequestDecoder cancelRequest = new OrderCancelRequestDecoder();
    private final OrderCancelReplaceRequestDecoder replaceRequest = new OrderCancelReplaceRequestDecoder();
    private final OrderMassCancelRequestDecoder massCancelRequest = new OrderMassCancelRequestDecoder();
    private final MarketDataRequestDecoder marketDataRequest = new MarketDataRequestDecoder();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();
    private final ReplaceOrderEncoder replaceOrder = new ReplaceOrderEncoder();
    private final MassCancelEncoder massCancel = new MassCancelEncoder();
    private final char[] msgTypeChars = new char[MessageTypeEncoding.MAX_MESSAGE_TYPE_LENGTH];
    private final byte[] msgTypeBytes = new byte[MessageTypeEncoding.MAX_MESSAGE_TYPE_LENGTH];
    private Session session;
    private long account;
    private int massCancelMsgSeqNum = -1;
    private int massCancelNextAccount;
    private Action sessionRejectAction = Action.CONTINUE;

    FixOrderIntake(
        final FixSessionSpec spec,
        final FixInstruments instruments,
        final PendingCommands pending,
        final NodeSession node,
        final FixReports reports,
        final FixCounters counters,
        final FixMarketData marketData)
    {
        this.spec = spec;
        this.marketData = marketData;
        this.instruments = instruments;
        this.pending = pending;
        this.node = node;
        this.reports = reports;
        this.counters = counters;
    }

    void bind(final Session session)
    {
        this.session = session;
    }

    Action onNewOrderSingle(final MutableAsciiBuffer buffer, final int length)
    {
        final NewOrderSingleDecoder nos = newOrderSingle;
        if (!decoded(nos, buffer, length, NewOrderSingleDecoder.MESSAGE_TYPE_CHARS))
        {
            return sessionRejectAction;
        }
        final int seqNum = nos.header().msgSeqNum();
        final char[] clOrdIdChars = nos.clOrdID();
        final int clOrdIdLength = nos.clOrdIDLength();
        if (!node.isOpen())
        {
            return notAvailable(seqNum, NewOrderSingleDecoder.MESSAGE_TYPE_CHARS, clOrdIdChars, clOrdIdLength);
        }
        if (!resolveAccount(nos.hasAccount() ? nos.account() : null,
            nos.hasAccount() ? nos.accountLength() : 0))
        {
            return notAuthorized(seqNum, NewOrderSingleDecoder.MESSAGE_TYPE_CHARS, clOrdIdChars, clOrdIdLength);
        }
        final char fixSide = nos.side();
        final char[] symbol = nos.symbol();
        final int symbolLength = nos.symbolLength();
        final long clOrdId = ClOrdIds.encode(clOrdIdChars, clOrdIdLength);
        if (ClOrdIds.INVALID == clOrdId)
        {
            return rejectOrder(nos, ORD_REJ_OTHER, "ClOrdID must be a number of up to 18 digits or up to 9 " +
                "printable characters");
        }
        final int symbolIndex = instruments.indexOf(symbol, symbolLength);
        if (FixInstruments.UNKNOWN == symbolIndex)
        {
            return rejectOrder(nos, ORD_REJ_UNKNOWN_SYMBOL, "unknown symbol");
        }
        final Side side = sbeSide(fixSide);
        if (null == side)
        {
            return rejectOrder(nos, ORD_REJ_UNSUPPORTED, "Side must be 1 (buy) or 2 (sell)");
        }
        final char fixOrdType = nos.ordType();
        if ('1' != fixOrdType && '2' != fixOrdType)
        {
            return rejectOrder(nos, ORD_REJ_UNSUPPORTED, "OrdType must be 1 (market) or 2 (limit)");
        }
        if (!nos.hasOrderQty())
        {
            return businessReject(seqNum, NewOrderSingleDecoder.MESSAGE_TYPE_CHARS, 1, clOrdIdChars, clOrdIdLength,
                BUSINESS_REJECT_CONDITIONALLY_REQUIRED_MISSING, "OrderQty (38) is required");
        }
        final DecimalFloat qty = nos.orderQty();
        final long quantity = FixInstruments.toWholeNumber(qty.value(), qty.scale());
        if (FixInstruments.INVALID == quantity)
        {
            return rejectOrder(nos, ORD_REJ_INCORRECT_QUANTITY, "OrderQty must be a positive whole number");
        }
        long priceTicks = 0;
        if ('2' == fixOrdType)
        {
            if (!nos.hasPrice())
            {
                return businessReject(seqNum, NewOrderSingleDecoder.MESSAGE_TYPE_CHARS, 1, clOrdIdChars,
                    clOrdIdLength, BUSINESS_REJECT_CONDITIONALLY_REQUIRED_MISSING, "a limit order needs Price (44)");
            }
            final DecimalFloat price = nos.price();
            priceTicks = instruments.toNodePrice(symbolIndex, price.value(), price.scale());
            if (FixInstruments.INVALID == priceTicks)
            {
                return rejectOrder(nos, ORD_REJ_OTHER, PRICE_UNIT_TEXT);
            }
        }
        final TimeInForce timeInForce = sbeTimeInForce(nos.hasTimeInForce() ? nos.timeInForce() : '0');
        if (null == timeInForce)
        {
            return rejectOrder(nos, ORD_REJ_UNSUPPORTED, "TimeInForce must be 0 (day), 1 (GTC), 3 (IOC) or 4 (FOK)");
        }
        final boolean postOnly = nos.hasExecInst() && contains(nos.execInst(), nos.execInstLength(), '6');

        final long sequence = node.nextClientSequence();
        newOrder.wrapAndApplyHeader(sendBuffer, 0, header)
            .clientId(node.clientId())
            .clientSequence(sequence)
            .clientOrderId(clOrdId)
            .account(account)
            .instrumentId(instruments.instrumentId(symbolIndex))
            .side(side)
            .orderType('1' == fixOrdType ? OrderType.MARKET : OrderType.LIMIT)
            .timeInForce(timeInForce)
            .postOnly(postOnly ? BooleanType.TRUE : BooleanType.FALSE)
            .priceTicks(priceTicks)
            .quantity(quantity);
        if (!node.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength()))
        {
            return Action.ABORT;
        }
        pending.add(sequence, PendingCommands.NEW_ORDER, clOrdId, 0, symbolIndex, fixSide, quantity);
        counters.commandsToNode.increment();
        return Action.CONTINUE;
    }

    Action onOrderCancelRequest(final MutableAsciiBuffer buffer, final int length)
    {
        final OrderCancelRequestDecoder request = cancelRequest;
        if (!decoded(request, buffer, length, OrderCancelRequestDecoder.MESSAGE_TYPE_CHARS))
        {
            return sessionRejectAction;
        }
        final int seqNum = request.header().msgSeqNum();
        if (!node.isOpen())
        {
            return notAvailable(seqNum, OrderCancelRequestDecoder.MESSAGE_TYPE_CHARS, request.clOrdID(),
                request.clOrdIDLength());
        }
        if (!resolveAccount(request.hasAccount() ? request.account() : null,
            request.hasAccount() ? request.accountLength() : 0))
        {
            return notAuthorized(seqNum, OrderCancelRequestDecoder.MESSAGE_TYPE_CHARS, request.clOrdID(),
                request.clOrdIDLength());
        }
        final long clOrdId = ClOrdIds.encode(request.clOrdID(), request.clOrdIDLength());
        final long origClOrdId = ClOrdIds.encode(request.origClOrdID(), request.origClOrdIDLength());
        final int symbolIndex = instruments.indexOf(request.symbol(), request.symbolLength());
        final String refusal = ClOrdIds.INVALID == origClOrdId ? "unknown order: no order has this OrigClOrdID" :
            ClOrdIds.INVALID == clOrdId ? "ClOrdID must be a number of up to 18 digits or up to 9 characters" :
            FixInstruments.UNKNOWN == symbolIndex ? "unknown symbol" : null;
        if (null != refusal)
        {
            return reports.rejectCancel(request.clOrdID(), request.clOrdIDLength(), request.origClOrdID(),
                request.origClOrdIDLength(), false, ClOrdIds.INVALID == origClOrdId ? CXL_REJ_UNKNOWN_ORDER :
                CXL_REJ_OTHER, refusal) ? Action.CONTINUE : Action.ABORT;
        }

        final long sequence = node.nextClientSequence();
        cancelOrder.wrapAndApplyHeader(sendBuffer, 0, header)
            .clientId(node.clientId())
            .clientSequence(sequence)
            .clientOrderId(clOrdId)
            .origClientOrderId(origClOrdId)
            .account(account)
            .instrumentId(instruments.instrumentId(symbolIndex));
        if (!node.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + cancelOrder.encodedLength()))
        {
            return Action.ABORT;
        }
        pending.add(sequence, PendingCommands.CANCEL, clOrdId, origClOrdId, symbolIndex, request.side(), 0);
        counters.commandsToNode.increment();
        return Action.CONTINUE;
    }

    Action onOrderCancelReplaceRequest(final MutableAsciiBuffer buffer, final int length)
    {
        final OrderCancelReplaceRequestDecoder request = replaceRequest;
        if (!decoded(request, buffer, length, OrderCancelReplaceRequestDecoder.MESSAGE_TYPE_CHARS))
        {
            return sessionRejectAction;
        }
        final int seqNum = request.header().msgSeqNum();
        if (!node.isOpen())
        {
            return notAvailable(seqNum, OrderCancelReplaceRequestDecoder.MESSAGE_TYPE_CHARS, request.clOrdID(),
                request.clOrdIDLength());
        }
        if (!resolveAccount(request.hasAccount() ? request.account() : null,
            request.hasAccount() ? request.accountLength() : 0))
        {
            return notAuthorized(seqNum, OrderCancelReplaceRequestDecoder.MESSAGE_TYPE_CHARS, request.clOrdID(),
                request.clOrdIDLength());
        }
        final long clOrdId = ClOrdIds.encode(request.clOrdID(), request.clOrdIDLength());
        final long origClOrdId = ClOrdIds.encode(request.origClOrdID(), request.origClOrdIDLength());
        final int symbolIndex = instruments.indexOf(request.symbol(), request.symbolLength());
        long priceTicks = 0;
        long quantity = 0;
        String refusal = ClOrdIds.INVALID == origClOrdId ? "unknown order: no order has this OrigClOrdID" :
            ClOrdIds.INVALID == clOrdId ? "ClOrdID must be a number of up to 18 digits or up to 9 characters" :
            FixInstruments.UNKNOWN == symbolIndex ? "unknown symbol" : null;
        if (null == refusal && request.hasPrice())
        {
            final DecimalFloat price = request.price();
            priceTicks = instruments.toNodePrice(symbolIndex, price.value(), price.scale());
            refusal = FixInstruments.INVALID == priceTicks ?
                PRICE_UNIT_TEXT : null;
        }
        if (null == refusal && request.hasOrderQty())
        {
            final DecimalFloat qty = request.orderQty();
            quantity = FixInstruments.toWholeNumber(qty.value(), qty.scale());
            refusal = FixInstruments.INVALID == quantity ? "OrderQty must be a positive whole number" : null;
        }
        if (null != refusal)
        {
            return reports.rejectCancel(request.clOrdID(), request.clOrdIDLength(), request.origClOrdID(),
                request.origClOrdIDLength(), true, ClOrdIds.INVALID == origClOrdId ? CXL_REJ_UNKNOWN_ORDER :
                CXL_REJ_OTHER, refusal) ? Action.CONTINUE : Action.ABORT;
        }

        final long sequence = node.nextClientSequence();
        replaceOrder.wrapAndApplyHeader(sendBuffer, 0, header)
            .clientId(node.clientId())
            .clientSequence(sequence)
            .clientOrderId(clOrdId)
            .origClientOrderId(origClOrdId)
            .account(account)
            .instrumentId(instruments.instrumentId(symbolIndex))
            .priceTicks(priceTicks)
            .quantity(quantity);
        if (!node.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + replaceOrder.encodedLength()))
        {
            return Action.ABORT;
        }
        pending.add(sequence, PendingCommands.REPLACE, clOrdId, origClOrdId, symbolIndex, request.side(), quantity);
        counters.commandsToNode.increment();
        return Action.CONTINUE;
    }

    Action onOrderMassCancelRequest(final MutableAsciiBuffer buffer, final int length)
    {
        final OrderMassCancelRequestDecoder request = massCancelRequest;
        if (!decoded(request, buffer, length, OrderMassCancelRequestDecoder.MESSAGE_TYPE_CHARS))
        {
            return sessionRejectAction;
        }
        final int seqNum = request.header().msgSeqNum();
        if (!node.isOpen())
        {
            return notAvailable(seqNum, OrderMassCancelRequestDecoder.MESSAGE_TYPE_CHARS, request.clOrdID(),
                request.clOrdIDLength());
        }
        final long clOrdId = ClOrdIds.encode(request.clOrdID(), request.clOrdIDLength());
        final char requestType = request.massCancelRequestType();
        int symbolIndex = -1;
        String rejectReason = null;
        String refusal = null;
        if (ClOrdIds.INVALID == clOrdId)
        {
            rejectReason = "99";
            refusal = "ClOrdID must be a number of up to 18 digits or up to 9 characters";
        }
        else if ('1' == requestType)
        {
            symbolIndex = instruments.indexOf(request.symbol(), request.symbolLength());
            if (FixInstruments.UNKNOWN == symbolIndex)
            {
                rejectReason = "1";
                refusal = "unknown symbol";
            }
        }
        else if ('7' != requestType)
        {
            rejectReason = "0";
            refusal = "MassCancelRequestType must be 1 (one security) or 7 (all orders)";
        }
        if (null != refusal)
        {
            return reports.rejectMassCancel(request.clOrdID(), request.clOrdIDLength(), request.symbol(),
                request.symbolLength(), requestType, rejectReason, refusal) ? Action.CONTINUE : Action.ABORT;
        }

        // One command per account of the session; a request cut short by back-pressure goes on where it stopped.
        final long[] accounts = spec.accounts();
        int next = massCancelMsgSeqNum == seqNum ? massCancelNextAccount : 0;
        while (next < accounts.length)
        {
            final long sequence = node.nextClientSequence();
            massCancel.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(node.clientId())
                .clientSequence(sequence)
                .account(accounts[next])
                .instrumentId(symbolIndex < 0 ? 0 : instruments.instrumentId(symbolIndex));
            if (!node.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + massCancel.encodedLength()))
            {
                massCancelMsgSeqNum = seqNum;
                massCancelNextAccount = next;
                return Action.ABORT;
            }
            pending.add(sequence, PendingCommands.MASS_CANCEL, clOrdId, 0, symbolIndex, (char)0, 0);
            pending.massCancel(sequence, requestType, accounts.length - 1 - next);
            counters.commandsToNode.increment();
            next++;
        }
        massCancelMsgSeqNum = -1;
        return Action.CONTINUE;
    }

    Action onMarketDataRequest(final MutableAsciiBuffer buffer, final int length)
    {
        final MarketDataRequestDecoder request = marketDataRequest;
        if (!decoded(request, buffer, length, MarketDataRequestDecoder.MESSAGE_TYPE_CHARS))
        {
            return sessionRejectAction;
        }
        final String mdReqId = request.mDReqIDAsString();
        final char type = request.subscriptionRequestType();
        if ('2' == type)
        {
            marketData.remove(session, mdReqId);
            return Action.CONTINUE;
        }
        if ('0' != type && '1' != type)
        {
            return mdReject(mdReqId, '4', "SubscriptionRequestType must be 0, 1 or 2");
        }
        if (null != marketData.unavailable())
        {
            return mdReject(mdReqId, '3', marketData.unavailable());
        }
        if (1 != request.marketDepth())
        {
            return mdReject(mdReqId, '5', "top of book only: MarketDepth 1 (the node does not publish its levels)");
        }
        boolean bids = false;
        boolean offers = false;
        boolean trades = false;
        for (MarketDataRequestDecoder.MDEntryTypesGroupDecoder entryType = request.mDEntryTypesGroup();
            null != entryType; entryType = entryType.next())
        {
            switch (entryType.mDEntryType())
            {
                case FixMarketData.BID -> bids = true;
                case FixMarketData.OFFER -> offers = true;
                case FixMarketData.TRADE -> trades = true;
                default ->
                {
                    return mdReject(mdReqId, '8', "MDEntryType must be 0 (bid), 1 (offer) or 2 (trade)");
                }
            }
        }
        final List<Integer> symbols = new ArrayList<>();
        for (MarketDataRequestDecoder.RelatedSymGroupDecoder related = request.relatedSymGroup(); null != related;
            related = related.next())
        {
            final int symbolIndex = instruments.indexOf(related.symbol(), related.symbolLength());
            if (FixInstruments.UNKNOWN == symbolIndex)
            {
                return mdReject(mdReqId, '0', "unknown symbol " + related.symbolAsString());
            }
            symbols.add(symbolIndex);
        }
        final boolean incremental = !request.hasMDUpdateType() || 1 == request.mDUpdateType();
        if (marketData.has(session, mdReqId))
        {
            return mdReject(mdReqId, '1', "duplicate MDReqID");
        }
        for (final int symbolIndex : symbols)
        {
            marketData.add(new FixMarketData.Subscription(session, mdReqId, symbolIndex, bids, offers, trades,
                incremental, '0' == type));
        }
        return Action.CONTINUE;
    }

    private Action mdReject(final String mdReqId, final char reason, final String text)
    {
        return marketData.reject(session, mdReqId, reason, text) ? Action.CONTINUE : Action.ABORT;
    }

    Action onOtherMessage(final MutableAsciiBuffer buffer, final int length, final long messageType)
    {
        if (HeartbeatDecoder.MESSAGE_TYPE == messageType || TestRequestDecoder.MESSAGE_TYPE == messageType ||
            ResendRequestDecoder.MESSAGE_TYPE == messageType || RejectDecoder.MESSAGE_TYPE == messageType ||
            SequenceResetDecoder.MESSAGE_TYPE == messageType || LogoutDecoder.MESSAGE_TYPE == messageType ||
            LogonDecoder.MESSAGE_TYPE == messageType || BusinessMessageRejectDecoder.MESSAGE_TYPE == messageType)
        {
            // The session layer's (Artio's), or a client's reject of one of ours: nothing for the node.
            return Action.CONTINUE;
        }
        final int msgTypeLength = msgType(messageType);
        return businessReject(seqNumOf(buffer, length), msgTypeChars, msgTypeLength, NO_CHARS, 0,
            BUSINESS_REJECT_UNSUPPORTED_MESSAGE_TYPE, "the gateway takes NewOrderSingle, OrderCancelRequest, " +
            "OrderCancelReplaceRequest, OrderMassCancelRequest and MarketDataRequest");
    }

    /**
     * Decode and check a message; a message that fails is answered with a session Reject ({@code false} returned,
     * and {@link #sessionRejectAction} says whether the Reject went out or must wait).
     */
    private boolean decoded(final Decoder decoder, final MutableAsciiBuffer buffer, final int length,
        final char[] msgType)
    {
        decoder.reset();
        boolean valid;
        int tag;
        int reason;
        try
        {
            decoder.decode(buffer, 0, length);
            valid = decoder.validate();
            tag = decoder.invalidTagId();
            reason = decoder.rejectReason();
        }
        catch (final RuntimeException ex)
        {
            valid = false;
            tag = 0;
            reason = SESSION_REJECT_INCORRECT_FORMAT;
        }
        if (valid)
        {
            return true;
        }
        final String text = reason >= 0 && reason < SESSION_REJECT_TEXT.length ? SESSION_REJECT_TEXT[reason] :
            "invalid message";
        final int sessionRejectReason = reason >= 0 && reason < SESSION_REJECT_TEXT.length ? reason :
            SESSION_REJECT_OTHER;
        sessionRejectAction = reports.rejectSession(seqNumOf(buffer, length), tag, msgType, msgType.length,
            sessionRejectReason, text) ? Action.CONTINUE : Action.ABORT;
        return false;
    }

    private boolean resolveAccount(final char[] chars, final int length)
    {
        if (0 == length)
        {
            account = spec.accounts()[0];
            return true;
        }
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = chars[i];
            if (c < '0' || c > '9' || i >= 18)
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        account = value;
        return spec.mayTrade(value);
    }

    private Action rejectOrder(final NewOrderSingleDecoder nos, final int ordRejReason, final String reason)
    {
        return reports.rejectOrder(nos.clOrdID(), nos.clOrdIDLength(), nos.symbol(), nos.symbolLength(), nos.side(),
            ordRejReason, reason, nos.header().msgSeqNum(), session.sequenceIndex()) ? Action.CONTINUE : Action.ABORT;
    }

    private Action notAvailable(final int seqNum, final char[] msgType, final char[] refId, final int refIdLength)
    {
        return businessReject(seqNum, msgType, msgType.length, refId, refIdLength,
            BUSINESS_REJECT_APPLICATION_NOT_AVAILABLE, "the node is not reachable");
    }

    private Action notAuthorized(final int seqNum, final char[] msgType, final char[] refId, final int refIdLength)
    {
        return businessReject(seqNum, msgType, msgType.length, refId, refIdLength, BUSINESS_REJECT_NOT_AUTHORIZED,
            "Account (1) is not one this session may trade");
    }

    private Action businessReject(
        final int seqNum,
        final char[] msgType,
        final int msgTypeLength,
        final char[] refId,
        final int refIdLength,
        final int reason,
        final String text)
    {
        return reports.rejectBusiness(seqNum, msgType, msgTypeLength, refId, refIdLength, reason, text) ?
            Action.CONTINUE : Action.ABORT;
    }

    /**
     * @return the MsgSeqNum (34) of a raw message, found by its tag (for a message that did not decode).
     */
    private static int seqNumOf(final MutableAsciiBuffer buffer, final int length)
    {
        for (int i = 0; i + 4 < length; i++)
        {
            if (buffer.getByte(i) == 1 && buffer.getByte(i + 1) == '3' && buffer.getByte(i + 2) == '4' &&
                buffer.getByte(i + 3) == '=')
            {
                int value = 0;
                for (int j = i + 4; j < length && buffer.getByte(j) >= '0' && buffer.getByte(j) <= '9'; j++)
                {
                    value = value * 10 + (buffer.getByte(j) - '0');
                }
                return value;
            }
        }
        return 0;
    }

    private int msgType(final long messageType)
    {
        final int length = MessageTypeEncoding.unpackMessageType(messageType, msgTypeBytes);
        for (int i = 0; i < length; i++)
        {
            msgTypeChars[i] = (char)msgTypeBytes[i];
        }
        return length;
    }

    private static boolean contains(final char[] chars, final int length, final char value)
    {
        for (int i = 0; i < length; i++)
        {
            if (chars[i] == value)
            {
                return true;
            }
        }
        return false;
    }

    private static Side sbeSide(final char fixSide)
    {
        return '1' == fixSide ? Side.BUY : '2' == fixSide ? Side.SELL : null;
    }

    private static TimeInForce sbeTimeInForce(final char fixTimeInForce)
    {
        switch (fixTimeInForce)
        {
            case '0':
            case '1':
                return TimeInForce.GTC;
            case '3':
                return TimeInForce.IOC;
            case '4':
                return TimeInForce.FOK;
            default:
                return null;
        }
    }
}
