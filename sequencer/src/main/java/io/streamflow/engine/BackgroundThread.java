package io.streamflow.engine;

import io.streamflow.journal.JournalPrefaulter;
import io.streamflow.journal.JournalSealer;
import net.openhft.affinity.Affinity;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.BitSet;
import java.util.concurrent.locks.LockSupport;

/**
 * A journal helper on a thread of its own, kept off the CPUs the node's spinning threads are pinned to, and never
 * spinning itself: the {@link JournalPrefaulter} (parks 50 µs, backing off to 10 ms, between steps: it takes a core
 * only while it faults in pages the writer would otherwise fault in on the critical path) and the
 * {@link JournalSealer} (parks 100 ms between looks, seals a cycle when one completes).
 * <p>
 * Its own loop rather than an {@code AgentRunner}: closing it wakes it from its park and waits for the step in hand
 * to end, so that a node (or a cluster member's service, on its termination path) stops at once, and a seal being
 * written is never interrupted half-way (an interrupt closes the file channel mid-write).
 */
public final class BackgroundThread implements AutoCloseable
{
    private static final long PREFAULTER_MIN_PARK_NS = 50_000;
    private static final long PREFAULTER_MAX_PARK_NS = 10_000_000;
    private static final long SEALER_PARK_NS = 100_000_000;

    private final Thread thread;
    private volatile boolean isRunning = true;

    private BackgroundThread(
        final Agent agent, final IdleStrategy idleStrategy, final ErrorHandler errorHandler)
    {
        thread = new Thread(() -> run(agent, idleStrategy, errorHandler), agent.roleName());
        thread.setDaemon(true);
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
        return start(sealer, new BackoffIdleStrategy(1, 1, SEALER_PARK_NS, SEALER_PARK_NS), errorHandler, logger,
            pinnedCpus);
    }

    /**
     * @return the state of the thread (for tests).
     */
    Thread.State state()
    {
        return thread.getState();
    }

    /**
     * Stop the thread: wake it if it parks, and wait for the step in hand to end.
     */
    public void close()
    {
        isRunning = false;
        LockSupport.unpark(thread);
        boolean isInterrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                isInterrupted = true;
            }
        }
        if (isInterrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run(final Agent agent, final IdleStrategy idleStrategy, final ErrorHandler errorHandler)
    {
        try
        {
            agent.onStart();
            while (isRunning)
            {
                int workCount = 0;
                try
                {
                    workCount = agent.doWork();
                }
                catch (final Exception ex)
                {
                    errorHandler.onError(ex);
                }
                if (isRunning)
                {
                    idleStrategy.idle(workCount);
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            errorHandler.onError(ex);
        }
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

    static BackgroundThread start(
        final Agent agent,
        final IdleStrategy idleStrategy,
        final ErrorHandler errorHandler,
        final System.Logger logger,
        final int[] pinnedCpus)
    {
        final BackgroundThread background = new BackgroundThread(new AwayFrom(agent, pinnedCpus, logger),
            idleStrategy, errorHandler);
        background.thread.start();
        return background;
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
