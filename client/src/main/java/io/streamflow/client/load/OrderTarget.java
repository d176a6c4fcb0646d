package io.streamflow.client.load;

import io.aeron.FragmentAssembler;
import io.aeron.logbuffer.Header;
import io.streamflow.client.OutputSubscription;
import io.streamflow.client.EgressListener;
import io.streamflow.client.OrderCommand;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import io.streamflow.sbe.TradeDecoder;
import org.agrona.DirectBuffer;

/**
 * The bench's {@link OrderMix} to the node's matcher, through a connected client. The first answer to each command
 * (its first execution report, or the ack of a mass cancel) is its round trip; trades are counted from the
 * market-data stream.
 * <p>
 * Not thread safe: runs on the load generator's thread.
 */
public final class OrderTarget implements LoadTarget, EgressListener
{
    private final StreamFlowClient client;
    private final int instrumentId;
    private final OutputSubscription marketData;
    private final FragmentAssembler marketDataAssembler = new FragmentAssembler(this::onMarketData);
    private final OrderCommand command = new OrderCommand();
    private final OrderMix mix;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private EgressListener listener;
    private long answeredUpTo = -1;
    private long trades;
    private long fills;

    /**
     * @param client       connected to the node.
     * @param instrumentId the orders trade.
     * @param marketData   subscription to the node's market-data stream, or null not to count trades.
     * @param seed         of the mix.
     */
    public OrderTarget(
        final StreamFlowClient client, final int instrumentId, final OutputSubscription marketData, final long seed)
    {
        this.client = client;
        this.instrumentId = instrumentId;
        this.marketData = marketData;
        this.mix = new OrderMix(seed, OrderMix.firstClientOrderIdAt(System.currentTimeMillis()));
    }

    /**
     * @return trades seen on the market-data stream.
     */
    public long trades()
    {
        return trades;
    }

    /**
     * @return fill reports (partial or full) received for this client's orders.
     */
    public long fills()
    {
        return fills;
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return client.nextClientSequence();
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
        final OrderMix.Action action = mix.next();
        final Side side = mix.buy() ? Side.BUY : Side.SELL;
        switch (action)
        {
            case CANCEL -> command.cancel(mix.clientOrderId(), mix.targetOrderId(), mix.targetAccount(), instrumentId);
            case LIMIT_GTC -> command.newOrder(mix.clientOrderId(), mix.account(), instrumentId, side, OrderType.LIMIT,
                TimeInForce.GTC, false, mix.priceTicks(), mix.quantity());
            case LIMIT_IOC -> command.newOrder(mix.clientOrderId(), mix.account(), instrumentId, side, OrderType.LIMIT,
                TimeInForce.IOC, false, mix.priceTicks(), mix.quantity());
            case REPLACE -> command.replace(mix.targetOrderId(), mix.targetOrderId(), mix.targetAccount(),
                instrumentId, mix.priceTicks(), mix.quantity());
            default -> command.newOrder(mix.clientOrderId(), mix.account(), instrumentId, side, OrderType.MARKET,
                TimeInForce.IOC, false, 0, mix.quantity());
        }

        final long result = client.offerCommand(command);
        if (result >= 0)
        {
            mix.accepted();
        }
        return result;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        this.listener = listener;
        int workCount = client.poll(this, fragmentLimit);
        if (null != marketData)
        {
            workCount += marketData.poll(marketDataAssembler, fragmentLimit);
        }
        this.listener = null;
        return workCount;
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
        answer(clientSequence, engineSequence, timestampNs, duplicate);
    }

    /**
     * {@inheritDoc}
     */
    public void onReject(
        final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
    {
        answeredUpTo = Math.max(answeredUpTo, clientSequence);
        listener.onReject(clientSequence, reason, rejectedTemplateId, detail);
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(final int templateId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (ExecutionReportDecoder.TEMPLATE_ID != templateId)
        {
            return;
        }
        header.wrap(buffer, offset);
        report.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        if (report.lastQuantity() > 0)
        {
            fills++;
        }
        answer(report.clientSequence(), report.engineSequence(), report.timestampNs(), false);
    }

    private void answer(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
        // A command's later reports (its fills, its remainder cancelled), and reports on resting orders (-1), are
        // not answers.
        if (clientSequence > answeredUpTo)
        {
            answeredUpTo = clientSequence;
            listener.onAck(clientSequence, engineSequence, timestampNs, duplicate);
        }
    }

    private void onMarketData(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (this.header.wrap(buffer, offset).templateId() == TradeDecoder.TEMPLATE_ID)
        {
            trades++;
        }
    }
}
