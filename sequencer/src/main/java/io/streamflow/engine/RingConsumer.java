package io.streamflow.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;

/**
 * Non-blocking consumer of the ring for one stage: takes the slots its barrier (the ring cursor, or the stage before)
 * has released, in order, and releases them to the next stage by advancing its own {@link Sequence}.
 * <p>
 * Unlike the Disruptor's {@code EventPoller}, a handler may decline a slot, which is then offered again on the next
 * poll: a stage that cannot finish (back-pressure) keeps the slot, and with it every later slot, from moving on.
 * <p>
 * A stage may also hold a whole batch back: {@link BeforeRelease} is asked before the slots handled are released.
 * <p>
 * Invariant: every slot is released exactly once, whatever a handler throws. The sequence advances past each slot as
 * soon as its handler returns true; a handler that throws leaves its slot unreleased (it is offered again on the next
 * poll) and the slots before it released, never offered again.
 * <p>
 * Not thread safe: polled by the stage's thread only.
 */
final class RingConsumer
{
    /**
     * Asked once a batch has been handled, before any of it is released: what a stage must do for the batch as a
     * whole (make it durable) before the next stage may see it.
     */
    @FunctionalInterface
    interface BeforeRelease
    {
        /**
         * @return true to release the batch; false to release none of it and have all of it offered again.
         */
        boolean onBatchHandled();
    }

    private static final BeforeRelease RELEASE = () -> true;

    private final RingBuffer<RingSlot> ring;
    private final SequenceBarrier barrier;
    private final Sequence sequence = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
    private final int batchLimit;

    RingConsumer(final RingBuffer<RingSlot> ring, final SequenceBarrier barrier, final int batchLimit)
    {
        this.ring = ring;
        this.barrier = barrier;
        this.batchLimit = batchLimit;
    }

    /**
     * @return sequence of the last slot this stage released; the next stage's barrier and the ring's gate.
     */
    Sequence sequence()
    {
        return sequence;
    }

    /**
     * Hand released slots to the handler, up to the batch limit.
     *
     * @param handler for each slot.
     * @return number of slots handled.
     */
    int poll(final SlotHandler handler)
    {
        return poll(handler, RELEASE);
    }

    /**
     * Hand released slots to the handler, up to the batch limit, and release those handled only if the gate lets
     * them go; if it does not, or throws, all of them are offered again on the next poll.
     *
     * @param handler       for each slot.
     * @param beforeRelease asked before the slots handled are released.
     * @return number of slots released.
     */
    int poll(final SlotHandler handler, final BeforeRelease beforeRelease)
    {
        final long first = sequence.get() + 1;
        final long available = Math.min(barrier.getCursor(), first + batchLimit - 1);

        long handled = first - 1;
        long released = first - 1;
        try
        {
            while (handled < available && handler.onSlot(ring.get(handled + 1), handled + 1))
            {
                handled++;
            }
        }
        finally
        {
            if (handled >= first && beforeRelease.onBatchHandled())
            {
                sequence.set(handled);
                released = handled;
            }
        }

        return (int)(released - first + 1);
    }
}
