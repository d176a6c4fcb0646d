package io.streamflow.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupTableTest
{
    private final DedupTable table = new DedupTable(8, 2);

    @Test
    void anythingAtOrBelowTheHighestAppliedIsADuplicate()
    {
        assertFalse(table.isDuplicate(1, 0));
        table.onApplied(1, 0, 100);
        table.onApplied(1, 1, 105);
        table.onApplied(1, 5, 110);

        assertTrue(table.isDuplicate(1, 0));
        assertTrue(table.isDuplicate(1, 3), "a skipped sequence is never applied late");
        assertTrue(table.isDuplicate(1, 5));
        assertFalse(table.isDuplicate(1, 6));
        assertFalse(table.isDuplicate(2, 0), "clients are independent");
        assertEquals(5, table.lastClientSequence(1));
        assertEquals(-1, table.lastClientSequence(2));
    }

    @Test
    void engineSequenceIsKnownWithinTheWindowOnly()
    {
        for (int i = 0; i < 20; i++)
        {
            table.onApplied(1, i, 1000 + i);
        }
        assertEquals(1019, table.engineSequenceOf(1, 19));
        assertEquals(1012, table.engineSequenceOf(1, 12));
        assertEquals(DedupTable.UNKNOWN, table.engineSequenceOf(1, 11), "outside the last 8");
        assertEquals(DedupTable.UNKNOWN, table.engineSequenceOf(1, 20), "not applied yet");

        table.onApplied(1, 25, 2000);
        assertEquals(DedupTable.UNKNOWN, table.engineSequenceOf(1, 23), "a gap was never applied");
    }

    @Test
    void clientsAreBounded()
    {
        table.admit(1);
        table.admit(2);
        assertTrue(table.canAdmit(1));
        assertFalse(table.canAdmit(3));
        assertEquals(2, table.clientCount());
    }

    @Test
    void windowMustBeAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new DedupTable(100, 1));
    }
}
