package io.streamflow.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The ring is gated on the last stage: the sequencer reuses a slot only after egress has released it. With a ring of
 * one slot, egress reading the slot and the sequencer claiming it for the next command race; egress must never see
 * the next command in the slot it is still reading.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING,
    desc = "The sequencer found the ring full (egress had not released): the gate held it back.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The sequencer reused the slot after egress released it.")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "Egress read the next command: the slot was reused too early.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class RingGateHandoff
{
    private final RingBuffer<RingSlot> ring = RingBuffer.createSingleProducer(
        () -> new RingSlot(new UnsafeBuffer(new byte[64])), 1, new BusySpinWaitStrategy());
    private final RingConsumer egressStage = new RingConsumer(ring, ring.newBarrier(), 16);

    /**
     * Command 1 in the ring, waiting for egress; the ring gated on egress, as the node gates it.
     */
    public RingGateHandoff()
    {
        ring.addGatingSequences(egressStage.sequence());
        final long sequence = ring.next();
        ring.get(sequence).entry.putLong(0, 1);
        ring.publish(sequence);
    }

    /**
     * The sequencer, as its duty cycle does it: claim only when the ring has room.
     *
     * @param result r2: 1 when it claimed and published command 2, 0 when the ring was full.
     */
    @Actor
    public void sequencer(final JI_Result result)
    {
        if (ring.remainingCapacity() > 0)
        {
            final long sequence = ring.next();
            ring.get(sequence).entry.putLong(0, 2);
            ring.publish(sequence);
            result.r2 = 1;
        }
    }

    /**
     * Egress: read the first slot it is given, then release it.
     *
     * @param result r1: the command egress read first.
     */
    @Actor
    public void egressStage(final JI_Result result)
    {
        egressStage.poll((slot, ringSequence) ->
        {
            if (0 == result.r1)
            {
                result.r1 = slot.entry.getLong(0);
            }
            return true;
        });
    }
}
