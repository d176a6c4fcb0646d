package io.streamflow.sequencer;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Shutdown: the closing thread asks the sequencer to stop taking ingress ({@link StopSignal}), waits for it to
 * acknowledge, then reads the ring's cursor and drains the ring up to it. The sequencer checks the signal at the
 * start of each duty cycle and publishes into the ring only in a cycle that began before the request. If the closer
 * has seen the acknowledgement, the cursor it reads after it must be final: nothing is published after it, so no
 * sequenced command is left behind by the drain.
 * <p>
 * Results: whether the closer saw the acknowledgement, the cursor it read after looking, the cursor at the end.
 */
@JCStressTest
@Outcome(id = {"0, -1, -1", "0, -1, 0", "0, 0, 0", "0, 1, 1"}, expect = ACCEPTABLE,
    desc = "Not acknowledged yet: the closer waits on.")
@Outcome(id = {"0, -1, 1", "0, 0, 1"}, expect = ACCEPTABLE_INTERESTING,
    desc = "Not acknowledged, and the sequencer published after the closer read the cursor: why the closer waits.")
@Outcome(id = {"1, -1, -1", "1, 0, 0", "1, 1, 1"}, expect = ACCEPTABLE,
    desc = "Acknowledged: the cursor the closer read is the last one.")
@Outcome(expect = FORBIDDEN, desc = "Acknowledged, yet the sequencer published after the closer read the cursor.")
@State
public class IngressStopHandoff
{
    private final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(
        () -> new long[1], 4, new BusySpinWaitStrategy());
    private final StopSignal ingressStop = new StopSignal();

    /**
     * The sequencer: two duty cycles, each publishing a command unless stopped.
     */
    @Actor
    public void sequencer()
    {
        dutyCycle();
        dutyCycle();
    }

    /**
     * The closing thread: ask, look for the acknowledgement, read the cursor.
     *
     * @param result r1 acknowledgement seen (1) or not (0); r2 the cursor read after looking.
     */
    @Actor
    public void closer(final III_Result result)
    {
        ingressStop.request();
        result.r1 = ingressStop.isAcknowledged() ? 1 : 0;
        result.r2 = (int)ring.getCursor();
    }

    /**
     * After both: the final cursor.
     *
     * @param result r3 the cursor at the end.
     */
    @Arbiter
    public void end(final III_Result result)
    {
        result.r3 = (int)ring.getCursor();
    }

    private void dutyCycle()
    {
        if (ingressStop.isStopped())
        {
            return;
        }
        final long sequence = ring.next();
        ring.get(sequence)[0] = sequence;
        ring.publish(sequence);
    }
}
