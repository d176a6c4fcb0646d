package io.streamflow.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;

/**
 * The order of the stages on the ring, declared by the order of {@link #next()} calls: each stage's consumer is gated
 * on the one before it (the first on the ring's cursor), and {@link #gateOnLast()} keeps the producer from reusing a
 * slot before the last stage has released it.
 * <p>
 * Used once, while the engine is assembled.
 */
final class RingStages
{
    private final RingBuffer<RingSlot> ring;
    private final int batchLimit;
    private RingConsumer last;

    RingStages(final RingBuffer<RingSlot> ring, final int batchLimit)
    {
        this.ring = ring;
        this.batchLimit = batchLimit;
    }

    /**
     * @return the consumer of the next stage: it sees a slot only after the stage before has released it.
     */
    RingConsumer next()
    {
        final SequenceBarrier barrier = null == last ? ring.newBarrier() : ring.newBarrier(last.sequence());
        last = new RingConsumer(ring, barrier, batchLimit);
        return last;
    }

    /**
     * Gate the ring's producer on the last stage: a slot is free again only once every stage is done with it.
     *
     * @return the last stage's consumer.
     */
    RingConsumer gateOnLast()
    {
        ring.addGatingSequences(last.sequence());
        return last;
    }
}
