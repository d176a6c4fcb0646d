package io.streamflow.sequencer;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import java.nio.ByteBuffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A node counter as the node uses it: one stage thread increments it ({@code incrementRelease}), any other thread
 * (a test, AeronStat, the CLI) reads it ({@code get}). Reads never go backwards.
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1", "1, 1", "1, 2", "2, 2"}, expect = ACCEPTABLE,
    desc = "The reader saw the counter at or after where it saw it before.")
@Outcome(id = "0, 2", expect = ACCEPTABLE_INTERESTING, desc = "Both increments landed between the two reads.")
@Outcome(expect = FORBIDDEN, desc = "A later read saw a smaller value than an earlier one.")
@State
public class CounterVisibility
{
    private final AtomicCounter counter;

    /**
     * A counter in a counters file of its own, as the media driver keeps them.
     */
    public CounterVisibility()
    {
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersManager.METADATA_LENGTH * 4)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersManager.COUNTER_LENGTH * 4)));
        counter = counters.newCounter("streamflow sequencer: commands sequenced");
    }

    /**
     * The stage thread counts two events.
     */
    @Actor
    public void stage()
    {
        counter.incrementRelease();
        counter.incrementRelease();
    }

    /**
     * Another thread reads twice.
     *
     * @param result the two reads, in order.
     */
    @Actor
    public void reader(final JJ_Result result)
    {
        result.r1 = counter.get();
        result.r2 = counter.get();
    }
}
