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
 * The sequencer fills a ring slot and publishes it; the journal stage's {@link RingConsumer} takes it. A stage that
 * sees the slot must see everything the sequencer wrote into it before publishing. No outcome is merely interesting:
 * the stage sees nothing or all of it, and a partial view is forbidden.
 */
@JCStressTest
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The stage polled before the slot was published: nothing.")
@Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "The stage took the published slot, all of it.")
@Outcome(expect = FORBIDDEN, desc = "The stage took the slot but saw stale type, length or entry bytes.")
@State
public class RingPublishHandoff implements SlotHandler
{
    private final RingBuffer<RingSlot> ring = RingBuffer.createSingleProducer(
        () -> new RingSlot(new UnsafeBuffer(new byte[64])), 4, new BusySpinWaitStrategy());
    private final RingConsumer journalStage = new RingConsumer(ring, ring.newBarrier(), 16);
    private int seenType = -1;
    private int seenLength = -1;

    /**
     * The sequencer: claim, fill, publish.
     */
    @Actor
    public void sequencer()
    {
        final long sequence = ring.next();
        final RingSlot slot = ring.get(sequence);
        slot.reset(RingSlot.COMMAND);
        slot.entry.putLong(8, 0xCAFE_BABEL);
        slot.entryLength = 42;
        ring.publish(sequence);
    }

    /**
     * The journal stage: one poll.
     *
     * @param result the slot's type and length as seen, -1 for none; length -2 when the entry bytes were stale.
     */
    @Actor
    public void journalStage(final II_Result result)
    {
        journalStage.poll(this);
        result.r1 = seenType;
        result.r2 = seenLength;
    }

    /**
     * {@inheritDoc}
     */
    public boolean onSlot(final RingSlot slot, final long ringSequence)
    {
        seenType = slot.type;
        seenLength = slot.entry.getLong(8) == 0xCAFE_BABEL ? slot.entryLength : -2;
        return true;
    }
}
