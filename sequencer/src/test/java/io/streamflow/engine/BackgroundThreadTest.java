package io.streamflow.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A background thread keeps off the CPUs the node's spinning threads are pinned to (left to the scheduler when none
 * is pinned or none would be left); closing it wakes it from its park at once and never interrupts the step in hand.
 */
class BackgroundThreadTest
{
    @Test
    void keepsOffThePinnedCpus()
    {
        assertEquals(BitSet.valueOf(new long[]{ 0b01 }), BackgroundThread.cpusBut(2, 1));
        assertEquals(BitSet.valueOf(new long[]{ 0b1010 }), BackgroundThread.cpusBut(4, 0, 2, -1, -1));
    }

    @Test
    void isNotPinnedWhenNothingIsOrNothingWouldBeLeft()
    {
        assertTrue(BackgroundThread.cpusBut(2).isEmpty());
        assertTrue(BackgroundThread.cpusBut(2, -1, -1, -1, -1).isEmpty());
        assertTrue(BackgroundThread.cpusBut(2, 0, 1).isEmpty());
        assertTrue(BackgroundThread.cpusBut(2, 7).isEmpty(), "a CPU this machine does not have pins nothing");
    }

    @Test
    void closeWakesItFromAMinuteLongParkAndInterruptsNothing()
    {
        final AtomicInteger steps = new AtomicInteger();
        final AtomicBoolean sawInterrupt = new AtomicBoolean();
        final Agent agent = new Agent()
        {
            public int doWork()
            {
                sawInterrupt.compareAndSet(false, Thread.currentThread().isInterrupted());
                steps.incrementAndGet();
                return 0;
            }

            public String roleName()
            {
                return "test-background";
            }
        };
        final long minuteNs = TimeUnit.MINUTES.toNanos(1);
        final BackgroundThread thread = BackgroundThread.start(agent,
            new BackoffIdleStrategy(0, 0, minuteNs, minuteNs), Throwable::printStackTrace, System.getLogger("test"),
            new int[0]);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.State.TIMED_WAITING != thread.state() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.TIMED_WAITING, thread.state(), "parked for a minute");
        final int stepsBeforeClose = steps.get();
        assertTrue(stepsBeforeClose >= 1);

        assertTimeoutPreemptively(Duration.ofSeconds(10), thread::close, "woken, not a minute later");
        assertFalse(sawInterrupt.get());
        assertEquals(stepsBeforeClose, steps.get(), "no step after close");
    }
}
