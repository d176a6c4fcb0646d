package io.streamflow.journal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention drops whole sealed cycles, oldest first, by age or by size: never the writer's cycle, never one that
 * recovery from the newest snapshot still needs unless the policy says so (then the drop says it was forced); each
 * drop is in the audit log, so the journal still verifies, and a changed drop record is found.
 */
class JournalRetentionTest
{
    private static final long NOW_NS = TimeUnit.DAYS.toNanos(1);
    private static final RetentionPolicy ONE_HOUR = new RetentionPolicy(TimeUnit.HOURS.toNanos(1), 0, false);

    @TempDir
    File dir;

    private List<File> cycles;
    private final List<String> kept = new ArrayList<>();

    @BeforeEach
    void writeAndSeal()
    {
        cycles = FourCycles.write(dir, new TestEntries());
        assertEquals(3, new JournalSealer(dir).sealCompleted());
    }

    @Test
    void byAgeOnlyCyclesRecoveryNoLongerNeedsAreDropped()
    {
        // The newest snapshot is of engine sequence 299: recovery replays from 300, in the third cycle.
        final List<JournalRetention.Dropped> dropped = JournalRetention.apply(dir, ONE_HOUR, 300, NOW_NS, kept::add);

        assertEquals(List.of(new JournalRetention.Dropped(cycles.get(0).getName(), "age", false, null),
            new JournalRetention.Dropped(cycles.get(1).getName(), "age", false, null)), dropped);
        assertFalse(cycles.get(0).exists());
        assertFalse(cycles.get(1).exists());
        assertTrue(cycles.get(2).exists() && cycles.get(3).exists());
        assertEquals(1, kept.size());
        assertTrue(kept.get(0).contains("cycle " + cycles.get(2).getName() + " is past the retention policy (age) " +
            "but kept: recovery still needs it (engine sequences 300..449, needed from 300)"), kept.get(0));

        final JournalAudit.Result audit = JournalAudit.verify(dir);
        assertTrue(audit.isValid(), audit.fault());
        assertTrue(audit.notes().contains("cycle " + cycles.get(0).getName() + " (engine sequences 0..149) was " +
            "dropped by retention (age)"), audit.notes().toString());
        final JournalScanner.Result scan = JournalScanner.scan(dir, null, false);
        assertTrue(scan.isValid(), scan.fault());
        assertEquals(300, scan.firstSequence(), "the journal now starts where recovery needs it");

        assertEquals(List.of(), JournalRetention.apply(dir, ONE_HOUR, 300, NOW_NS, kept::add), "each once");

        // A reader (Chronicle's tailer, as consume --follow uses) starts at the first entry kept.
        final List<Long> read = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        try (Journal journal = Journal.openReadOnly(dir); JournalReader reader = journal.newReader())
        {
            for (int i = 0; i < 100 && reader.poll((buffer, offset, length, index) ->
                read.add(view.wrap(buffer, offset, length).engineSequence()), 64) > 0; i++)
            {
                continue;
            }
        }
        assertEquals(160, read.size());
        assertEquals(300L, read.get(0));
        assertEquals(459L, read.get(read.size() - 1));
    }

    @Test
    void withoutASnapshotNothingIsDroppedUnlessThePolicySaysSo()
    {
        assertEquals(List.of(), JournalRetention.apply(dir, ONE_HOUR, 0, NOW_NS, kept::add));
        assertEquals(4, JournalScanner.cycleFiles(dir).size());

        final RetentionPolicy forced = new RetentionPolicy(TimeUnit.HOURS.toNanos(1), 0, true);
        final List<JournalRetention.Dropped> dropped = JournalRetention.apply(dir, forced, 0, NOW_NS, kept::add);
        assertEquals(3, dropped.size(), "every sealed cycle; never the one still written");
        assertTrue(dropped.stream().allMatch(JournalRetention.Dropped::forced));
        assertEquals(List.of(cycles.get(3)), JournalScanner.cycleFiles(dir));
        final JournalAudit.Result audit = JournalAudit.verify(dir);
        assertTrue(audit.isValid(), audit.fault());
        assertTrue(audit.notes().stream().anyMatch(
            (n) -> n.contains("forced: recovery or a consumer group still needed it")), audit.notes().toString());
    }

    @Test
    void aCycleWithRecordsAConsumerGroupHasNotReadIsKept()
    {
        // Partitioned entries: partition 1 has offsets 0..74 in the first cycle, 75..149 in the second. A group has
        // committed offset 75 of partition 1 (it read 0..74): the first cycle may go, the second is held.
        final File partitionedDir = new File(dir, "partitioned");
        final List<File> partitionedCycles = FourCycles.write(partitionedDir, new TestEntries(true));
        assertEquals(3, new JournalSealer(partitionedDir).sealCompleted());
        final List<String> asked = new ArrayList<>();
        final RetentionHold hold = (streamId, partition, lastOffset) ->
        {
            asked.add(streamId + "/" + partition + "@" + lastOffset);
            return 1 == streamId && 1 == partition && lastOffset >= 75 ? "group g committed 75" : null;
        };
        final CycleOffsets cycleOffsets = new CycleOffsets(partitionedDir);

        final List<JournalRetention.Dropped> dropped = JournalRetention.apply(
            partitionedDir, ONE_HOUR, 300, hold, cycleOffsets, NOW_NS, kept::add);

        assertEquals(List.of(new JournalRetention.Dropped(partitionedCycles.get(0).getName(), "age", false, null)),
            dropped);
        assertTrue(asked.containsAll(List.of("1/0@74", "1/1@74")), asked.toString());
        assertTrue(asked.contains("1/1@149"), asked.toString());
        assertEquals(List.of("cycle " + partitionedCycles.get(1).getName() + " is past the retention policy (age) " +
            "but kept: group g committed 75"), kept);
        assertTrue(partitionedCycles.get(1).exists());

        final RetentionPolicy forced = new RetentionPolicy(TimeUnit.HOURS.toNanos(1), 0, true);
        final List<JournalRetention.Dropped> forcedDrops = JournalRetention.apply(
            partitionedDir, forced, 300, hold, cycleOffsets, NOW_NS, kept::add);
        assertEquals(List.of(
            new JournalRetention.Dropped(partitionedCycles.get(1).getName(), "age", true, "group g committed 75"),
            new JournalRetention.Dropped(partitionedCycles.get(2).getName(), "age", true,
            "recovery still needs it (engine sequences 300..449, needed from 300)")), forcedDrops);
        final JournalAudit.Result audit = JournalAudit.verify(partitionedDir);
        assertTrue(audit.isValid(), audit.fault());
    }

    @Test
    void bySizeTheOldestGoUntilTheRestFits()
    {
        final long twoFiles = cycles.get(0).length() + cycles.get(1).length();
        final RetentionPolicy size = new RetentionPolicy(0, twoFiles, false);
        final List<JournalRetention.Dropped> dropped = JournalRetention.apply(dir, size, Long.MAX_VALUE, NOW_NS,
            kept::add);
        assertEquals(List.of(new JournalRetention.Dropped(cycles.get(0).getName(), "size", false, null),
            new JournalRetention.Dropped(cycles.get(1).getName(), "size", false, null)), dropped);
        assertEquals(List.of(), JournalRetention.apply(dir, ONE_HOUR, Long.MAX_VALUE, 0, kept::add),
            "nothing is past an hour at time 0");
        assertTrue(JournalAudit.verify(dir).isValid());
    }

    @Test
    void aChangedDropRecordIsFound() throws IOException
    {
        JournalRetention.apply(dir, ONE_HOUR, 300, NOW_NS, kept::add);
        final List<String> lines = Files.readAllLines(JournalSeals.logFile(dir).toPath());
        assertTrue(lines.get(3).startsWith("drop cycle=" + cycles.get(0).getName()), lines.get(3));
        lines.set(3, lines.get(3).replace("reason=age", "reason=size"));
        Files.write(JournalSeals.logFile(dir).toPath(), lines);

        assertEquals("drop 4 (cycle " + cycles.get(0).getName() + ") was altered: its hash is not that of its fields",
            JournalAudit.verify(dir).fault());
    }

    @Test
    void agesAndSizesAreReadAsWritten()
    {
        assertEquals(TimeUnit.DAYS.toNanos(7), RetentionPolicy.parseAge("7d"));
        assertEquals(TimeUnit.MINUTES.toNanos(90), RetentionPolicy.parseAge("90m"));
        assertEquals(10L << 30, RetentionPolicy.parseBytes("10GB"));
        assertEquals(4096, RetentionPolicy.parseBytes("4096"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parseAge("7 weeks"))
            .getMessage().contains("retention age '7 weeks'"));
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parseBytes("-1GB"));
    }
}
