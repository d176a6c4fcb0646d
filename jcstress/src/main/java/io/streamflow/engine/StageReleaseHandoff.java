package io.streamflow.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The operator stage writes a command's results into its slot's output and releases the slot; the egress stage,
 * gated on the operator stage's sequence, takes it. Egress that sees the slot must see the whole output. No outcome
 * is merely interesting: egress sees nothing or all of it, and a partial view is forbidden.
 */
@JCStressTest
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "Egress polled before the operator released the slot: nothing.")
@Outcome(id = "12, 7", expect = ACCEPTABLE, desc = "Egress took the released slot with all its output.")
@Outcome(expect = FORBIDDEN, desc = "Egress took the slot but saw a stale output length or stale output bytes.")
@State
public class StageReleaseHandoff
{
    private final RingBuffer<RingSlot> ring = RingBuffer.createSingleProducer(
        () -> new RingSlot(new UnsafeBuffer(new byte[64])), 4, new BusySpinWaitStrategy());
    private final RingConsumer operatorStage = new RingConsumer(ring, ring.newBarrier(), 16);
    private final RingConsumer egressStage = new RingConsumer(
        ring, ring.newBarrier(operatorStage.sequence()), 16);

    /**
     * A command already sequenced (and journaled) when the two stages start.
     */
    public StageReleaseHandoff()
    {
        final long sequence = ring.next();
        ring.get(sequence).reset(RingSlot.COMMAND);
        ring.publish(sequence);
    }

    /**
     * The operator stage: write the output, release the slot.
     */
    @Actor
    public void operatorStage()
    {
        operatorStage.poll((slot, ringSequence) ->
        {
            slot.output.putLong(4, 7);
            slot.outputLength = 12;
            return true;
        });
    }

    /**
     * The egress stage: one poll.
     *
     * @param result output length and output value seen, -1 for no slot.
     */
    @Actor
    public void egressStage(final II_Result result)
    {
        result.r1 = -1;
        result.r2 = -1;
        egressStage.poll((slot, ringSequence) ->
        {
            result.r1 = slot.outputLength;
            result.r2 = (int)slot.output.getLong(4);
            return true;
        });
    }
}
