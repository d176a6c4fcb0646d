package io.streamflow.engine;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prefaulter's thread keeps off the CPUs the node's spinning threads are pinned to, and is left to the scheduler
 * when none is pinned or none would be left.
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
}
