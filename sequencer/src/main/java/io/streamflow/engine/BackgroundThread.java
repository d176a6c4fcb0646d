package io.streamflow.engine;

import io.streamflow.journal.JournalPrefaulter;
import io.streamflow.journal.JournalSealer;
import net.openhft.affinity.Affinity;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.BitSet;

/**
 * A journal helper on a thread of its own, kept off the CPUs the node's spinning threads are pinned to, and never
 * spinning itself: the {@link JournalPrefaulter} (parks 50 µs, backing off to 10 ms, between steps: it takes a core
 * only while it faults in pages the writer would otherwise fault in on the critical path) and the
 * {@link JournalSealer} (sleeps 100 ms between looks, seals a cycle when one completes).
 */
public final class BackgroundThread implements AutoCloseable
{
    private static final long PREFAULTER_MIN_PARK_NS = 50_000;
    private static final long PREFAULTER_MAX_PARK_NS = 10_000_000;
    private static final long SEALER_SLEEP_MS = 100;

    private final AgentRunner runner;

    private BackgroundThread(final AgentRunner runner)
    {
        this.runner = runner;
    }

    /**
     * @param prefaulter   of a journal writer ({@link Engine#journalPrefaulter()}).
     * @param errorHandler for what the prefaulter throws (it should not).
     * @param logger       for where the thread runs.
     * @param pinnedCpus   CPUs the node's spinning threads are pinned to (negative: not pinned), to keep off.
     * @return the running thread; close it before the writer.
     */
    public static BackgroundThread startPrefaulter(
        final JournalPrefaulter prefaulter,
        final ErrorHandler errorHandler,
        final System.Logger logger,
        final int... pinnedCpus)
    {
        return start(prefaulter, new BackoffIdleStrategy(1, 1, PREFAULTER_MIN_PARK_NS, PREFAULTER_MAX_PARK_NS),
            errorHandler, logger, pinnedCpus);
    }

    /**
     * @param sealer       of a journal's completed cycles.
     * @param errorHandler for what the sealer throws (a cycle it cannot read or an audit log it cannot write).
     * @param logger       for where the thread runs.
     * @param pinnedCpus   CPUs the node's spinning threads are pinned to (negative: not pinned), to keep off.
     * @return the running thread; close it before the journal.
     */
    public static BackgroundThread startSealer(
        final JournalSealer sealer,
        final ErrorHandler errorHandler,
        final System.Logger logger,
        final int... pinnedCpus)
    {
        return start(sealer, new SleepingMillisIdleStrategy(SEALER_SLEEP_MS), errorHandler, logger, pinnedCpus);
    }

    /**
     * Stop the thread, after its current duty cycle.
     */
    public void close()
    {
        CloseHelper.close(runner);
    }

    /**
     * @return the CPUs of this machine but the given ones; empty when none is given or none would be left.
     */
    static BitSet cpusBut(final int cpuCount, final int... cpus)
    {
        final BitSet allowed = new BitSet(cpuCount);
        boolean anyPinned = false;
        allowed.set(0, cpuCount);
        for (final int cpu : cpus)
        {
            if (cpu >= 0 && cpu < cpuCount)
            {
                allowed.clear(cpu);
                anyPinned = true;
            }
        }
        return anyPinned ? allowed : new BitSet();
    }

    private static BackgroundThread start(
        final Agent agent,
        final IdleStrategy idleStrategy,
        final ErrorHandler errorHandler,
        final System.Logger logger,
        final int[] pinnedCpus)
    {
        final AgentRunner runner = new AgentRunner(idleStrategy, errorHandler, null,
            new AwayFrom(agent, pinnedCpus, logger));
        AgentRunner.startOnThread(runner);
        return new BackgroundThread(runner);
    }

    /**
     * Sets its thread's affinity to every CPU but the pinned ones when it starts.
     */
    private static final class AwayFrom implements Agent
    {
        private final Agent agent;
        private final int[] pinnedCpus;
        private final System.Logger logger;

        AwayFrom(final Agent agent, final int[] pinnedCpus, final System.Logger logger)
        {
            this.agent = agent;
            this.pinnedCpus = pinnedCpus.clone();
            this.logger = logger;
        }

        public void onStart()
        {
            final BitSet allowed = cpusBut(Runtime.getRuntime().availableProcessors(), pinnedCpus);
            if (!allowed.isEmpty())
            {
                Affinity.setAffinity(allowed);
                logger.log(System.Logger.Level.INFO, roleName() + " kept to cpus " + allowed);
            }
        }

        public int doWork() throws Exception
        {
            return agent.doWork();
        }

        public String roleName()
        {
            return agent.roleName();
        }
    }
}
