package io.streamflow.matcher;

import io.streamflow.operators.AckWriter;
import io.streamflow.operators.EgressSink;
import io.streamflow.operators.Operator;
import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.CancelOrderDecoder;
import io.streamflow.sbe.ExecutionReportEncoder;
import io.streamflow.sbe.MassCancelDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.NewOrderDecoder;
import io.streamflow.sbe.ReplaceOrderDecoder;
import io.streamflow.sbe.TopOfBookEncoder;
import io.streamflow.sbe.TradeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The order commands of the protocol (new, cancel, replace, mass cancel) applied to a {@link MatchingEngine}.
 * Execution reports go to the client that owns each order; trades and top-of-book changes go to the market-data
 * output stream. A mass cancel is answered by its cancel reports and then an {@code Ack}, so that it has an answer
 * even when the account had nothing open.
 * <p>
 * Not thread safe: runs on the operator thread.
 */
public final class MatcherOperator implements Operator, MatchingListener
{
    private static final int REPORT_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + ExecutionReportEncoder.BLOCK_LENGTH;
    private static final int TRADE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH;
    private static final int TOP_OF_BOOK_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + TopOfBookEncoder.BLOCK_LENGTH;

    private final MatchingEngine engine;
    private final int marketDataStreamId;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final CancelOrderDecoder cancel = new CancelOrderDecoder();
    private final ReplaceOrderDecoder replace = new ReplaceOrderDecoder();
    private final MassCancelDecoder massCancel = new MassCancelDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final TopOfBookEncoder topOfBook = new TopOfBookEncoder();
    private final AckWriter ack = new AckWriter();

    private EgressSink egress;
    private long timestampNs;

    /**
     * @param ctx                rules and capacities of the books.
     * @param marketDataStreamId output stream that trades and top-of-book changes go to.
     */
    public MatcherOperator(final MatchingEngine.Context ctx, final int marketDataStreamId)
    {
        this.engine = new MatchingEngine(ctx, this);
        this.marketDataStreamId = marketDataStreamId;
    }

    /**
     * @return the engine, for inspection.
     */
    public MatchingEngine engine()
    {
        return engine;
    }

    /**
     * @return the output stream of trades and top-of-book changes.
     */
    public int marketDataStreamId()
    {
        return marketDataStreamId;
    }

    /**
     * {@inheritDoc}
     */
    public void onCommand(
        final long engineSequence,
        final long timestampNs,
        final int partition,
        final long partitionOffset,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final EgressSink egress)
    {
        this.egress = egress;
        this.timestampNs = timestampNs;
        header.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();

        switch (header.templateId())
        {
            case NewOrderDecoder.TEMPLATE_ID:
                newOrder.wrap(buffer, bodyOffset, blockLength, version);
                engine.newOrder(engineSequence, timestampNs, newOrder.clientId(), newOrder.clientSequence(),
                    newOrder.account(), newOrder.clientOrderId(), newOrder.instrumentId(), newOrder.side(),
                    newOrder.orderType(), newOrder.timeInForce(), BooleanType.TRUE == newOrder.postOnly(),
                    newOrder.priceTicks(), newOrder.quantity());
                break;

            case CancelOrderDecoder.TEMPLATE_ID:
                cancel.wrap(buffer, bodyOffset, blockLength, version);
                engine.cancel(engineSequence, timestampNs, cancel.clientId(), cancel.clientSequence(),
                    cancel.account(), cancel.clientOrderId(), cancel.origClientOrderId(), cancel.instrumentId());
                break;

            case ReplaceOrderDecoder.TEMPLATE_ID:
                replace.wrap(buffer, bodyOffset, blockLength, version);
                engine.replace(engineSequence, timestampNs, replace.clientId(), replace.clientSequence(),
                    replace.account(), replace.clientOrderId(), replace.origClientOrderId(), replace.instrumentId(),
                    replace.priceTicks(), replace.quantity());
                break;

            case MassCancelDecoder.TEMPLATE_ID:
                massCancel.wrap(buffer, bodyOffset, blockLength, version);
                engine.massCancel(engineSequence, timestampNs, massCancel.clientId(), massCancel.clientSequence(),
                    massCancel.account(), massCancel.instrumentId());
                ack.applied(egress, massCancel.clientId(), massCancel.clientSequence(), engineSequence, timestampNs);
                break;

            default:
                break;
        }
        this.egress = null;
    }

    /**
     * {@inheritDoc}
     */
    public void onBatchEnd(final EgressSink egress)
    {
        this.egress = egress;
        engine.flushTopOfBook();
        this.egress = null;
    }

    /**
     * {@inheritDoc}
     */
    public int[] outputStreamIds()
    {
        return new int[]{ marketDataStreamId };
    }

    /**
     * {@inheritDoc}
     */
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return engine.snapshot(buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        engine.restore(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public void onExecution(final ExecutionEvent event)
    {
        final int offset = egress.claim(event.clientId(), REPORT_LENGTH);
        report.wrapAndApplyHeader(egress.buffer(), offset, headerEncoder)
            .clientId(event.clientId())
            .clientSequence(event.clientSequence())
            .engineSequence(event.commandSequence())
            .timestampNs(event.timestampNs())
            .orderId(event.orderId())
            .clientOrderId(event.clientOrderId())
            .account(event.account())
            .instrumentId(event.instrumentId())
            .side(event.side())
            .execType(event.execType())
            .rejectReason(event.reason())
            .priceTicks(event.price())
            .quantity(event.quantity())
            .leavesQuantity(event.leavesQuantity())
            .cumQuantity(event.cumQuantity())
            .lastPriceTicks(event.lastPrice())
            .lastQuantity(event.lastQuantity());
        egress.commit(REPORT_LENGTH);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(final TradeEvent event)
    {
        final int offset = egress.claimOutput(marketDataStreamId, TRADE_LENGTH);
        trade.wrapAndApplyHeader(egress.buffer(), offset, headerEncoder)
            .engineSequence(event.commandSequence())
            .timestampNs(event.timestampNs())
            .tradeId(event.tradeId())
            .instrumentId(event.instrumentId())
            .makerOrderId(event.makerOrderId())
            .takerOrderId(event.takerOrderId())
            .priceTicks(event.price())
            .quantity(event.quantity())
            .aggressorSide(event.aggressorSide());
        egress.commit(TRADE_LENGTH);
    }

    /**
     * {@inheritDoc}
     */
    public void onTopOfBook(final MarketDataEvent event)
    {
        final int offset = egress.claimOutput(marketDataStreamId, TOP_OF_BOOK_LENGTH);
        topOfBook.wrapAndApplyHeader(egress.buffer(), offset, headerEncoder)
            .engineSequence(event.commandSequence())
            .timestampNs(timestampNs)
            .instrumentId(event.instrumentId())
            .bidPriceTicks(event.bidPrice())
            .bidQuantity(event.bidQuantity())
            .askPriceTicks(event.askPrice())
            .askQuantity(event.askQuantity());
        egress.commit(TOP_OF_BOOK_LENGTH);
    }
}
