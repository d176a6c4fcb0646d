package io.streamflow.journal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sealed cycles old enough move to the cold tier, compressed with zstd: never one recovery still needs; the files go
 * from the journal, and everything reads on as before: a history from the start, a verify (which finds a changed
 * cold file), a proof; retention drops cold cycles too; a crash between the steps of a move is finished next round.
 */
class ColdTierTest
{
    private static final long NOW_NS = TimeUnit.DAYS.toNanos(1);

    @TempDir
    File dir;

    private List<File> cycles;

    @BeforeEach
    void writeAndSeal()
    {
        cycles = FourCycles.write(dir, new TestEntries());
        assertEquals(3, new JournalSealer(dir).sealCompleted());
    }

    @Test
    void oldCyclesMoveCompressedAndEveryReadGoesOnAsBefore()
    {
        final long hotBytes = cycles.get(0).length();
        final JournalSealer sealer = sealer(300);

        assertEquals(2, sealer.moveToCold(NOW_NS), "the third cycle holds what recovery needs (from 300)");

        assertFalse(cycles.get(0).exists() || cycles.get(1).exists());
        assertTrue(cycles.get(2).exists() && cycles.get(3).exists());
        final File cold = ColdTier.coldFile(dir, cycles.get(0).getName());
        assertTrue(cold.isFile() && cold.length() < hotBytes / 4, cold.length() + " of " + hotBytes + " bytes");
        assertEquals(List.of(cycles.get(0).getName(), cycles.get(1).getName()),
            ColdTier.coldSeals(dir).stream().map(CycleSeal::cycleFile).toList());
        assertEquals(0, sealer.moveToCold(NOW_NS), "each once");

        final JournalAudit.Result audit = JournalAudit.verify(dir);
        assertTrue(audit.isValid(), audit.fault());
        assertTrue(audit.notes().contains("cycle " + cycles.get(0).getName() + " is in the cold tier (zstd, " +
            cold.length() + " bytes)"), audit.notes().toString());

        assertEquals(sequences(0, 460), readHistory(0), "cold cycles, then the journal: no gap, no duplicate");
        assertEquals(sequences(200, 460), readHistory(200), "from the cold cycle that holds the start");

        final InclusionProof proof = JournalAudit.prove(dir, 42);
        assertEquals(cycles.get(0).getName(), proof.cycleFile());
        assertEquals(null, proof.check());
    }

    @Test
    void aChangedColdFileIsFoundAndNamed() throws IOException
    {
        sealer(300).moveToCold(NOW_NS);
        final File cold = ColdTier.coldFile(dir, cycles.get(1).getName());
        try (RandomAccessFile file = new RandomAccessFile(cold, "rw"))
        {
            file.seek(cold.length() / 2);
            final int b = file.read();
            file.seek(cold.length() / 2);
            file.write(b ^ 0x10);
        }
        final JournalAudit.Result audit = JournalAudit.verify(dir);
        assertNotNull(audit.fault());
        assertTrue(audit.fault().contains(cycles.get(1).getName()), audit.fault());
    }

    @Test
    void retentionDropsColdCyclesToo()
    {
        sealer(300).moveToCold(NOW_NS);

        final List<JournalRetention.Dropped> dropped = JournalRetention.apply(dir,
            new RetentionPolicy(TimeUnit.HOURS.toNanos(1), 0, false), 300, NOW_NS, (reason) -> { });

        assertEquals(2, dropped.size());
        assertFalse(ColdTier.coldFile(dir, cycles.get(0).getName()).exists());
        assertFalse(ColdTier.coldFile(dir, cycles.get(1).getName()).exists());
        assertEquals(List.of(), ColdTier.coldSeals(dir));
        final JournalAudit.Result audit = JournalAudit.verify(dir);
        assertTrue(audit.isValid(), audit.fault());
    }

    @Test
    void aMoveStoppedBetweenItsRecordAndTheDeleteIsFinishedNextRound() throws IOException
    {
        final File copy = new File(dir, "copy");
        Files.copy(cycles.get(0).toPath(), copy.toPath());
        sealer(150).moveToCold(NOW_NS);
        // As if the process died after the record and before it deleted the cycle's file.
        Files.move(copy.toPath(), cycles.get(0).toPath(), StandardCopyOption.REPLACE_EXISTING);
        // And a compressed file a crash left before its record: taken again from the start.
        Files.writeString(new File(ColdTier.coldFile(dir, cycles.get(1).getName()).getPath() + ".tmp").toPath(), "x");

        final JournalAudit.Result audit = JournalAudit.verify(dir);
        assertTrue(audit.isValid(), audit.fault());
        assertTrue(audit.notes().stream().anyMatch((n) -> n.contains("still there")), audit.notes().toString());

        assertEquals(1, sealer(300).moveToCold(NOW_NS));
        assertFalse(cycles.get(0).exists(), "the moved cycle's file deleted");
        assertFalse(cycles.get(1).exists());
        assertEquals(sequences(0, 460), readHistory(0));
        assertTrue(JournalAudit.verify(dir).isValid());
    }

    @Test
    void thawDirectoriesThatACrashLeftAreDeletedOnceStaleAndAReadInProgressKeepsItsOwn() throws IOException
    {
        final long nowMs = System.currentTimeMillis();
        final File cold = new File(dir, ColdTier.DIR);
        final File stale = new File(cold, "thaw1234");
        final File fresh = new File(cold, "thaw5678");
        assertTrue(stale.mkdirs() && fresh.mkdirs());
        Files.writeString(new File(stale, cycles.get(0).getName()).toPath(), "a decompressed copy");
        assertTrue(stale.setLastModified(nowMs - TimeUnit.NANOSECONDS.toMillis(ColdTier.STALE_THAW_NS) - 60_000));

        sealer(300).moveToCold(nowMs * 1_000_000L);
        assertFalse(stale.exists(), "left by a reader that died");
        assertTrue(fresh.isDirectory(), "a read in progress");
        assertEquals(sequences(0, 460), readHistory(0), "the cold tier reads on");
    }

    private JournalSealer sealer(final long needsFrom)
    {
        return new JournalSealer(dir, RetentionPolicy.KEEP_ALL, () -> needsFrom, RetentionHold.NONE, (d) -> { },
            () -> { }).coldTier(1, () -> { });
    }

    private List<Long> readHistory(final long fromSequence)
    {
        final List<Long> read = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        final JournalChecksum checksum = new JournalChecksum();
        try (Journal journal = Journal.openReadOnly(dir);
            ColdHistory history = ColdHistory.openOrNull(dir, fromSequence, 0, journal.newReader()))
        {
            for (int i = 0; i < 1000 && history.poll((buffer, offset, length, index) ->
            {
                assertTrue(checksum.matches(buffer, offset, length));
                final long sequence = view.wrap(buffer, offset, length).engineSequence();
                if (sequence >= fromSequence)
                {
                    read.add(sequence);
                }
            }, 64) > 0; i++)
            {
                continue;
            }
        }
        return read;
    }

    private static List<Long> sequences(final long from, final long to)
    {
        final List<Long> sequences = new ArrayList<>();
        for (long s = from; s < to; s++)
        {
            sequences.add(s);
        }
        return sequences;
    }
}
