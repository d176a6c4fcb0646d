package io.streamflow.sequencer;

import io.streamflow.engine.Admission;
import io.streamflow.engine.NodeCounters;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The standalone node's single writer: polls the Aeron ingress subscriptions and hands every whole message, with the
 * session it came in on and the time of this duty cycle, to the engine's {@link Admission}. The clock is read at most
 * once per duty cycle.
 * <p>
 * Polls only as many fragments as the ring has free slots, so a full ring leaves messages in Aeron, which
 * back-pressures the clients: nothing is dropped.
 * <p>
 * Not thread safe: runs on the sequencer thread.
 */
final class SequencerAgent implements Agent
{
    /** Sessions of vanished clients are swept every this many + 1 duty cycles: milliseconds on a busy node. */
    private static final long SESSION_SWEEP_MASK = 4095;

    private final Admission admission;
    private final NodeCounters counters;
    private final EpochNanoClock clock;
    private final int fragmentLimit;
    private final StopSignal ingressStop = new StopSignal();
    private IngressAdapter[] adapters = new IngressAdapter[0];
    private int nextAdapter;
    private long dutyCycles;
    private long cycleTimestampNs;

    SequencerAgent(
        final Admission admission, final NodeCounters counters, final EpochNanoClock clock, final int fragmentLimit)
    {
        this.admission = admission;
        this.counters = counters;
        this.clock = clock;
        this.fragmentLimit = fragmentLimit;
    }

    void addAdapter(final IngressAdapter adapter)
    {
        final IngressAdapter[] grown = java.util.Arrays.copyOf(adapters, adapters.length + 1);
        grown[adapters.length] = adapter;
        adapters = grown;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-sequencer";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        if (ingressStop.isStopped())
        {
            return 0;
        }

        final long freeSlots = admission.freeSlots();
        if (freeSlots <= 0)
        {
            counters.ringFull.incrementRelease();
            return 0;
        }

        cycleTimestampNs = 0;
        int budget = (int)Math.min(freeSlots, fragmentLimit);
        int workCount = 0;
        final IngressAdapter[] adapters = this.adapters;
        final int count = adapters.length;
        for (int i = 0; i < count && budget > 0; i++)
        {
            final int fragments = adapters[(nextAdapter + i) % count].poll(budget);
            workCount += fragments;
            budget -= fragments;
        }
        nextAdapter = count > 0 ? (nextAdapter + 1) % count : 0;

        if (0 == (++dutyCycles & SESSION_SWEEP_MASK))
        {
            for (final IngressAdapter adapter : adapters)
            {
                adapter.sweepGoneSessions();
            }
            onSessionsChanged();
        }

        return workCount;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        CloseHelper.closeAll(adapters);
    }

    /**
     * Take no more ingress, from any thread: messages not yet taken stay in Aeron, unanswered, for the client to
     * resend to the next node. The sequencer acknowledges at the start of its next duty cycle.
     */
    void stopIngress()
    {
        ingressStop.request();
    }

    /**
     * @return true when the sequencer has stopped taking ingress: the ring's cursor read after this is final.
     */
    boolean isIngressStopped()
    {
        return ingressStop.isAcknowledged();
    }

    void onMessage(final IngressAdapter session, final DirectBuffer buffer, final int offset, final int length)
    {
        admission.onMessage(session, cycleTimestamp(), buffer, offset, length);
    }

    /**
     * A session was bound or unbound, or vanished sessions were swept.
     */
    void onSessionsChanged()
    {
        long bound = 0;
        for (final IngressAdapter adapter : adapters)
        {
            bound += adapter.boundSessions();
        }
        counters.ingressSessions.setRelease(bound);
    }

    private long cycleTimestamp()
    {
        if (0 == cycleTimestampNs)
        {
            cycleTimestampNs = clock.nanoTime();
        }
        return cycleTimestampNs;
    }
}
