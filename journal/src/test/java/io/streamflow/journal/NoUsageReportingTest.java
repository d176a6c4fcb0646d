package io.streamflow.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The product sends nothing anywhere: Chronicle's usage-statistics reporter is excluded from the dependency tree,
 * and Chronicle Queue works without it.
 */
class NoUsageReportingTest
{
    @TempDir
    File dir;

    @Test
    void chronicleAnalyticsIsNotOnTheClassPathAndTheJournalStillWorks()
    {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
        assertEquals("true", System.getProperty("chronicle.analytics.disable"), "disabled by flag as well");

        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 0, 10);
            assertEquals(10, JournalVerifier.verify(journal).entries());
        }
    }
}
