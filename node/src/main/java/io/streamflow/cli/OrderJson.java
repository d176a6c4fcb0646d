package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.TopOfBookDecoder;
import io.streamflow.sbe.TradeDecoder;
import org.agrona.DirectBuffer;

import java.util.Locale;

/**
 * The drop copy's JSON lines, one per message, with a {@code type} first:
 * <pre>
 * {"type":"execution_report","client_sequence":0,"engine_sequence":12,"timestamp_ns":...,"order_id":12,
 *  "client_order_id":1,"account":7,"instrument":1,"side":"buy","exec_type":"new","reason":"none","price":100,
 *  "quantity":10,"leaves_quantity":10,"cum_quantity":0,"last_price":0,"last_quantity":0}
 * {"type":"trade","engine_sequence":13,"timestamp_ns":...,"trade_id":1,"instrument":1,"maker_order_id":12,
 *  "taker_order_id":13,"price":100,"quantity":10,"aggressor_side":"sell"}
 * {"type":"top_of_book","engine_sequence":13,"timestamp_ns":...,"instrument":1,"bid_price":0,"bid_quantity":0,
 *  "ask_price":101,"ask_quantity":5}
 * {"type":"ack","client_sequence":3,"engine_sequence":15}
 * {"type":"reject","client_sequence":4,"reason":"invalid_field","detail":"..."}
 * </pre>
 */
final class OrderJson
{
    private final ObjectMapper mapper = new ObjectMapper();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final TopOfBookDecoder topOfBook = new TopOfBookDecoder();
    private long reportClientSequence = -1;
    private boolean isRejection;

    /**
     * @param buffer holding an egress message of the protocol, SBE header first.
     * @param offset of the message.
     * @return its JSON line, or null for a message that is none of the above.
     */
    String line(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final ObjectNode json = mapper.createObjectNode();
        switch (header.templateId())
        {
            case ExecutionReportDecoder.TEMPLATE_ID ->
            {
                report.wrap(buffer, body, header.blockLength(), header.version());
                reportClientSequence = report.clientSequence();
                isRejection = ExecType.REJECTED == report.execType();
                json.put("type", "execution_report")
                    .put("client_sequence", report.clientSequence())
                    .put("engine_sequence", report.engineSequence())
                    .put("timestamp_ns", report.timestampNs())
                    .put("order_id", report.orderId())
                    .put("client_order_id", report.clientOrderId())
                    .put("account", report.account())
                    .put("instrument", report.instrumentId())
                    .put("side", name(report.side()))
                    .put("exec_type", name(report.execType()))
                    .put("reason", name(report.rejectReason()))
                    .put("price", report.priceTicks())
                    .put("quantity", report.quantity())
                    .put("leaves_quantity", report.leavesQuantity())
                    .put("cum_quantity", report.cumQuantity())
                    .put("last_price", report.lastPriceTicks())
                    .put("last_quantity", report.lastQuantity());
            }
            case TradeDecoder.TEMPLATE_ID ->
            {
                trade.wrap(buffer, body, header.blockLength(), header.version());
                json.put("type", "trade")
                    .put("engine_sequence", trade.engineSequence())
                    .put("timestamp_ns", trade.timestampNs())
                    .put("trade_id", trade.tradeId())
                    .put("instrument", trade.instrumentId())
                    .put("maker_order_id", trade.makerOrderId())
                    .put("taker_order_id", trade.takerOrderId())
                    .put("price", trade.priceTicks())
                    .put("quantity", trade.quantity())
                    .put("aggressor_side", name(trade.aggressorSide()));
            }
            case TopOfBookDecoder.TEMPLATE_ID ->
            {
                topOfBook.wrap(buffer, body, header.blockLength(), header.version());
                json.put("type", "top_of_book")
                    .put("engine_sequence", topOfBook.engineSequence())
                    .put("timestamp_ns", topOfBook.timestampNs())
                    .put("instrument", topOfBook.instrumentId())
                    .put("bid_price", topOfBook.bidPriceTicks())
                    .put("bid_quantity", topOfBook.bidQuantity())
                    .put("ask_price", topOfBook.askPriceTicks())
                    .put("ask_quantity", topOfBook.askQuantity());
            }
            default ->
            {
                return null;
            }
        }
        return json.toString();
    }

    /**
     * @return client sequence of the last execution report rendered (-1 for one on a resting order).
     */
    long reportClientSequence()
    {
        return reportClientSequence;
    }

    String ack(final long clientSequence, final long engineSequence)
    {
        return mapper.createObjectNode().put("type", "ack").put("client_sequence", clientSequence)
            .put("engine_sequence", engineSequence).toString();
    }

    String reject(final long clientSequence, final RejectReason reason, final String detail)
    {
        return mapper.createObjectNode().put("type", "reject").put("client_sequence", clientSequence)
            .put("reason", name(reason)).put("detail", detail).toString();
    }

    /**
     * @return true when the last execution report rendered was a rejection of the command.
     */
    boolean wasRejection()
    {
        return isRejection;
    }

    private static String name(final Enum<?> value)
    {
        // An enum field the message does not set (a report on an unknown order has no side) is null, not "null_val".
        return null == value || "NULL_VAL".equals(value.name()) ? null : value.name().toLowerCase(Locale.ROOT);
    }
}
