package io.streamflow.matcher;

import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every event as text, in order, and the running fill totals per side.
 */
final class RecordingMatchingListener implements MatchingListener
{
    final List<String> events = new ArrayList<>();
    final java.util.Map<Long, Long> filledByOrder = new java.util.HashMap<>();
    final List<String> conservationFaults = new ArrayList<>();
    final List<ExecutionSnapshot> executions = new ArrayList<>();
    long boughtQuantity;
    long soldQuantity;
    long tradedQuantity;

    record ExecutionSnapshot(ExecType execType, String reason, long orderId, long clientOrderId, long account,
        long quantity, long leaves, long cum, long lastQuantity, long price, Side side)
    {
    }

    public void onExecution(final ExecutionEvent event)
    {
        events.add(event.toString());
        executions.add(new ExecutionSnapshot(event.execType(), event.reason().name(), event.orderId(),
            event.clientOrderId(), event.account(), event.quantity(), event.leavesQuantity(), event.cumQuantity(),
            event.lastQuantity(), event.price(), event.side()));
        checkConservation(event);
        if (event.lastQuantity() > 0)
        {
            if (Side.BUY == event.side())
            {
                boughtQuantity += event.lastQuantity();
            }
            else
            {
                soldQuantity += event.lastQuantity();
            }
        }
    }

    public void onTrade(final TradeEvent event)
    {
        events.add(event.toString());
        tradedQuantity += event.quantity();
    }

    public void onTopOfBook(final MarketDataEvent event)
    {
        events.add("TOB " + event);
    }

    public void onDepthLevel(final MarketDataEvent event)
    {
        events.add("DEPTH " + event);
    }

    /**
     * Per order: what it filled adds up to its cumulative quantity, and filled + open (or, once cancelled, filled +
     * cancelled) equals what was ordered.
     */
    private void checkConservation(final ExecutionEvent event)
    {
        if (0 == event.orderId())
        {
            return;
        }
        final long filled = filledByOrder.merge(event.orderId(), event.lastQuantity(), Long::sum);
        if (filled != event.cumQuantity())
        {
            conservationFaults.add("order " + event.orderId() + ": fills add up to " + filled + " but cum is " +
                event.cumQuantity() + " in " + event);
        }
        if (io.streamflow.sbe.ExecType.REJECTED != event.execType() &&
            event.cumQuantity() + event.leavesQuantity() != event.quantity())
        {
            conservationFaults.add("order " + event.orderId() + ": filled " + event.cumQuantity() + " + open or " +
                "cancelled " + event.leavesQuantity() + " != ordered " + event.quantity() + " in " + event);
        }
        if (io.streamflow.sbe.ExecType.FILL == event.execType() && 0 != event.leavesQuantity())
        {
            conservationFaults.add("filled order with quantity open: " + event);
        }
    }

    ExecutionSnapshot last()
    {
        return executions.get(executions.size() - 1);
    }

    void clear()
    {
        events.clear();
        executions.clear();
    }
}
