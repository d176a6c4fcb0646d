package io.streamflow.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RingConsumerTest
{
    private final RingBuffer<RingSlot> ring = RingBuffer.createSingleProducer(
        () -> new RingSlot(new UnsafeBuffer(new byte[64])), 8, new BusySpinWaitStrategy());
    private final RingConsumer first = new RingConsumer(ring, ring.newBarrier(), 4);
    private final RingConsumer second = new RingConsumer(ring, ring.newBarrier(first.sequence()), 100);

    {
        ring.addGatingSequences(second.sequence());
    }

    @Test
    void stagesSeeSlotsInOrderAndOnlyAfterThePreviousStage()
    {
        final LongArrayList seen = new LongArrayList();
        publish(6);

        assertEquals(0, second.poll((slot, sequence) -> seen.add(sequence)), "nothing before the first stage");
        assertEquals(4, first.poll((slot, sequence) -> true), "batch limit");
        assertEquals(4, second.poll((slot, sequence) -> seen.add(sequence)));
        assertEquals(2, first.poll((slot, sequence) -> true));
        assertEquals(2, second.poll((slot, sequence) -> seen.add(sequence)));
        assertEquals(LongArrayList.class, seen.getClass());
        for (int i = 0; i < 6; i++)
        {
            assertEquals(i, seen.getLong(i));
        }
    }

    @Test
    void aDeclinedSlotIsOfferedAgainAndHoldsBackTheRest()
    {
        publish(3);
        first.poll((slot, sequence) -> true);
        final LongArrayList offered = new LongArrayList();
        final boolean[] accept = { false };

        assertEquals(1, second.poll((slot, sequence) -> offered.add(sequence) && (sequence < 1 || accept[0])));
        assertEquals(0, second.poll((slot, sequence) -> offered.add(sequence) && accept[0]));
        accept[0] = true;
        assertEquals(2, second.poll((slot, sequence) -> offered.add(sequence) && accept[0]));
        assertEquals(LongArrayList.class, offered.getClass());
        assertEquals("[0, 1, 1, 1, 2]", offered.toString());
        assertEquals(2, second.sequence().get());
    }

    @Test
    void aHandlerThatThrowsReleasesTheSlotsBeforeItOnceAndIsOfferedItsSlotAgain()
    {
        publish(4);
        final LongArrayList offered = new LongArrayList();
        final boolean[] thrown = { false };
        final SlotHandler throwsOnceOnSlotTwo = (slot, sequence) ->
        {
            offered.add(sequence);
            if (2 == sequence && !thrown[0])
            {
                thrown[0] = true;
                throw new IllegalStateException("disk full");
            }
            return true;
        };

        assertThrows(IllegalStateException.class, () -> first.poll(throwsOnceOnSlotTwo));
        assertEquals(1, first.sequence().get(), "the slots before the throw are released");
        assertEquals(2, first.poll(throwsOnceOnSlotTwo));
        assertEquals("[0, 1, 2, 2, 3]", offered.toString(), "no slot handled twice but the one that threw");
        assertEquals(3, first.sequence().get());
    }

    @Test
    void aBatchTheGateHoldsBackIsNotReleasedAndIsOfferedAgainWhole()
    {
        publish(3);
        final LongArrayList offered = new LongArrayList();
        final int[] gateCalls = { 0 };
        final RingConsumer.BeforeRelease holdOnce = () -> ++gateCalls[0] > 1;

        assertEquals(0, first.poll((slot, sequence) -> offered.add(sequence), holdOnce));
        assertEquals(-1, first.sequence().get(), "nothing released");
        assertEquals(0, second.poll((slot, sequence) -> true), "so the next stage sees nothing");
        assertEquals(3, first.poll((slot, sequence) -> offered.add(sequence), holdOnce));
        assertEquals("[0, 1, 2, 0, 1, 2]", offered.toString());
        assertEquals(2, first.sequence().get());
        assertEquals(0, first.poll((slot, sequence) -> offered.add(sequence), holdOnce));
        assertEquals(2, gateCalls[0], "not asked for an empty batch");
    }

    @Test
    void theRingDoesNotWrapOverASlotTheLastStageHolds()
    {
        publish(8);
        assertEquals(0, ring.remainingCapacity());
        first.poll((slot, sequence) -> true);
        first.poll((slot, sequence) -> true);
        assertEquals(0, ring.remainingCapacity(), "released by the first stage only");
        second.poll((slot, sequence) -> sequence < 3);
        assertEquals(3, ring.remainingCapacity());
    }

    private void publish(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long sequence = ring.next();
            ring.get(sequence).reset(RingSlot.COMMAND);
            ring.publish(sequence);
        }
    }
}
