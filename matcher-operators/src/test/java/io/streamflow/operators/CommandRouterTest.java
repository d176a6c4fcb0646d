package io.streamflow.operators;

import io.streamflow.matcher.InstrumentSpec;
import io.streamflow.matcher.MatcherOperator;
import io.streamflow.matcher.MatchingEngine;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MassCancelEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.NewOrderEncoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import io.streamflow.sbe.TopOfBookDecoder;
import io.streamflow.sbe.TradeDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The node's operator: orders to the matcher, whose reports go to their owners and whose trades and top of book go
 * to the market-data stream; records acknowledged; the whole state snapshotted and restored.
 */
class CommandRouterTest
{
    private static final int MARKET_DATA = 1003;

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CollectingEgress egress = new CollectingEgress();
    private long sequence;

    @Test
    void ordersReachTheMatcherAndRecordsAreAcknowledged()
    {
        final CommandRouter router = newRouter();
        newOrder(router, 21, 1, Side.SELL, 100, 10);
        record(router, 22);
        newOrder(router, 22, 2, Side.BUY, 100, 4);

        assertEquals(List.of(21L, 22L, 22L, 21L, 22L), egress.destinations(false),
            "new to 21, ack to 22, new to 22, the maker's fill to 21, the taker's fill to 22");
        final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        final CollectingEgress.Message makerFill = egress.messages.stream().filter((m) -> !m.toOutput())
            .toList().get(3);
        report.wrapAndApplyHeader(egress.buffer, makerFill.offset(), messageHeader);
        assertEquals(ExecType.PARTIAL_FILL, report.execType());
        assertEquals(-1, report.clientSequence(), "a report caused by another client's command");
        assertEquals(6, report.leavesQuantity());

        final List<CollectingEgress.Message> marketData = egress.messages.stream()
            .filter(CollectingEgress.Message::toOutput).toList();
        assertEquals(List.of((long)MARKET_DATA), marketData.stream().map(CollectingEgress.Message::destination)
            .distinct().toList());
        final List<Integer> templates = marketData.stream()
            .map((m) -> messageHeader.wrap(egress.buffer, m.offset()).templateId()).toList();
        assertEquals(List.of(TopOfBookDecoder.TEMPLATE_ID, TradeDecoder.TEMPLATE_ID, TopOfBookDecoder.TEMPLATE_ID),
            templates, "book after the first order, then the trade and the book after it");
        final TradeDecoder trade = new TradeDecoder().wrapAndApplyHeader(egress.buffer, marketData.get(1).offset(),
            messageHeader);
        assertEquals(4, trade.quantity());
        assertEquals(100, trade.priceTicks());
        assertEquals(Side.BUY, trade.aggressorSide());
    }

    @Test
    void aMassCancelIsAnsweredEvenWithNothingToCancel()
    {
        final CommandRouter router = newRouter();
        final MassCancelEncoder massCancel = new MassCancelEncoder().wrapAndApplyHeader(command, 0, header)
            .clientId(5).clientSequence(9).account(77).instrumentId(0);
        router.onCommand(sequence++, 1, -1, -1, command, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + massCancel.encodedLength(), egress);

        assertEquals(1, egress.messages.size());
        final AckDecoder ack = new AckDecoder().wrapAndApplyHeader(egress.buffer, 0, new MessageHeaderDecoder());
        assertEquals(5, ack.clientId());
        assertEquals(9, ack.clientSequence());
    }

    @Test
    void aRestoredRouterHasTheSameStateAndGoesOnTheSame()
    {
        final CommandRouter original = newRouter();
        newOrder(original, 21, 1, Side.SELL, 100, 10);
        newOrder(original, 22, 2, Side.BUY, 99, 3);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
        final int length = original.snapshot(snapshot, 0);

        final CommandRouter restored = newRouter();
        restored.restore(snapshot, 0, length);
        assertEquals(original.stateHash(), restored.stateHash());

        final long hashAtSnapshot = original.stateHash();
        newOrder(original, 22, 3, Side.BUY, 100, 10);
        sequence--;
        newOrder(restored, 22, 3, Side.BUY, 100, 10);
        assertNotEquals(hashAtSnapshot, original.stateHash(), "the order traded");
        assertEquals(original.stateHash(), restored.stateHash(), "the same command does the same to both");

        assertThrows(IllegalArgumentException.class, () -> newRouter().restore(snapshot, 0, length - 1),
            "a snapshot cut short is refused");
    }

    private CommandRouter newRouter()
    {
        final MatchingEngine.Context ctx = new MatchingEngine.Context().maxOrders(64).maxPriceLevels(16)
            .instrument(new InstrumentSpec(1, 1, 1, 1, 1000));
        return new CommandRouter(new AcknowledgingRouter(), new MatcherOperator(ctx, MARKET_DATA));
    }

    private void newOrder(
        final Operator operator, final long clientId, final long clientOrderId, final Side side, final long price,
        final long quantity)
    {
        final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(command, 0, header)
            .clientId(clientId).clientSequence(clientOrderId).clientOrderId(clientOrderId).account(clientId)
            .instrumentId(1).side(side).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
            .postOnly(BooleanType.FALSE).priceTicks(price).quantity(quantity);
        operator.onCommand(sequence++, 1, -1, -1, command, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength(), egress);
    }

    private void record(final Operator operator, final long clientId)
    {
        final RecordEncoder record = new RecordEncoder().wrapAndApplyHeader(command, 0, header)
            .clientId(clientId).clientSequence(100).streamId(1).eventTimestampNs(0);
        record.putKey(new byte[0], 0, 0).putPayload(new byte[4], 0, 4);
        operator.onCommand(sequence++, 1, -1, -1, command, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength(), egress);
    }
}
