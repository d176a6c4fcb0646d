package io.streamflow.engine;

import io.streamflow.journal.JournalPrefaulter;
import net.openhft.affinity.Affinity;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.BitSet;

/**
 * Runs the engine's {@link JournalPrefaulter} on a thread of its own, kept off the CPUs the node's spinning threads
 * are pinned to. It parks between steps (50 µs, backing off to 1 ms), so it takes a core only while it faults pages
 * in, and that is work the journal writer would otherwise do itself on the critical path.
 */
public final class PrefaulterThread implements AutoCloseable
{
    private static final long MIN_PARK_NS = 50_000;
    private static final long MAX_PARK_NS = 1_000_000;

    private final AgentRunner runner;

    private PrefaulterThread(final AgentRunner runner)
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
    public static PrefaulterThread start(
        final JournalPrefaulter prefaulter,
        final ErrorHandler errorHandler,
        final System.Logger logger,
        final int... pinnedCpus)
    {
        final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(1, 1, MIN_PARK_NS, MAX_PARK_NS),
            errorHandler, null, new AwayFrom(prefaulter, pinnedCpus, logger));
        AgentRunner.startOnThread(runner);
        return new PrefaulterThread(runner);
    }

    /**
     * Stop the thread, after its current step.
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

    /**
     * Sets its thread's affinity to every CPU but the pinned ones when it starts.
     */
    private static final class AwayFrom implements Agent
    {
        private final JournalPrefaulter prefaulter;
        private final int[] pinnedCpus;
        private final System.Logger logger;

        AwayFrom(final JournalPrefaulter prefaulter, final int[] pinnedCpus, final System.Logger logger)
        {
            this.prefaulter = prefaulter;
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

        public int doWork()
        {
            return prefaulter.doWork();
        }

        public String roleName()
        {
            return prefaulter.roleName();
        }
    }
}
