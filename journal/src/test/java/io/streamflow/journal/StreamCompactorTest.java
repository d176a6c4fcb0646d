package io.streamflow.journal;

import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RecordDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction keeps the newest value of each key per partition (Kafka's compacted topic), with the records' offsets
 * and engine sequences; a tombstone removes its key's values and goes itself after the delete retention; records
 * without a key stay. Each result is checked against a reference computed from the records the test wrote. A run
 * stopped before any of its steps (as a crash would) leaves the old version or the new one, never a mix, and the
 * journal still verifies; a changed manifest, result cycle or source cycle is found and named.
 */
class StreamCompactorTest
{
    private static final int STREAM = 1;
    private static final int OTHER_STREAM = 2;

    @TempDir
    File dir;

    /** A record as read back from a compacted version or a history. */
    record Read(int partition, long offset, long sequence, String key, String payload)
    {
    }

    @Test
    void keepsTheNewestValueOfEachKeyPerPartitionInSequenceOrder()
    {
        try (KeyedJournal journal = new KeyedJournal(dir))
        {
            writeRounds(journal, 0, 3);
            journal.roll().append(STREAM, 0, "k0", "unsealed");
            assertEquals(3, new JournalSealer(dir).sealCompleted());

            final CompactionManifest manifest = compactor(StreamCompactor.DEFAULT_DELETE_RETENTION_NS).compact();

            assertNotNull(manifest);
            final List<KeyedJournal.Written> sealed = journal.written().subList(0, journal.written().size() - 1);
            assertEquals(reference(sealed, Long.MAX_VALUE), readVersion());
            assertEquals(1, manifest.version());
            assertEquals(sealed.get(sealed.size() - 1).sequence(), manifest.covered(), "up to the last sealed");
            final List<CycleSeal> seals = JournalSeals.read(dir);
            assertEquals(3, manifest.sources().size());
            for (int i = 0; i < 3; i++)
            {
                assertEquals(seals.get(i).cycleFile(), manifest.sources().get(i).cycleFile());
                assertTrue(MerkleTree.equal(seals.get(i).root(), manifest.sources().get(i).root()));
            }
            assertEquals(2 * 5, manifest.keysKept(), "five keys in each of two partitions");
            assertEquals(1, manifest.tombstonesKept(), "k3 of partition 1 was deleted, its tombstone kept a day");
            assertEquals(3, manifest.keyless());
            final long recordsOfStream = sealed.stream().filter((w) -> STREAM == w.streamId()).count();
            assertEquals(recordsOfStream, manifest.recordsRead());
            assertEquals(recordsOfStream - 10 - 1 - 3, manifest.recordsDropped());
            assertEquals(Map.of(0, nextOffset(sealed, 0), 1, nextOffset(sealed, 1)), manifest.nextOffsets());

            final JournalAudit.Result audit = JournalAudit.verify(dir);
            assertTrue(audit.isValid(), audit.fault());
            assertTrue(audit.notes().stream().anyMatch((n) -> n.startsWith("stream 1 compacted: version 1")),
                audit.notes().toString());

            assertNull(compactor(StreamCompactor.DEFAULT_DELETE_RETENTION_NS).compact(), "nothing new to compact");
        }
    }

    @Test
    void aTombstoneGoesWithItsKeyAfterTheDeleteRetention()
    {
        try (KeyedJournal journal = new KeyedJournal(dir))
        {
            writeRounds(journal, 0, 3);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();

            final CompactionManifest manifest = compactor(0).compact();

            assertEquals(reference(journal.written(), 0), readVersion());
            assertEquals(0, manifest.tombstonesKept());
            assertEquals(1, manifest.keysRemoved());
            assertEquals(1, manifest.removed().size());
            assertEquals(1, manifest.removed().get(0).partition());
            assertEquals("k3", new String(manifest.removed().get(0).key(), StandardCharsets.UTF_8));
            assertFalse(readVersion().stream().anyMatch((r) -> "k3".equals(r.key()) && 1 == r.partition()));
            assertTrue(JournalAudit.verify(dir).isValid());
        }
    }

    @Test
    void eachRoundAddsTheNewSealedCyclesToThePreviousVersion()
    {
        try (KeyedJournal journal = new KeyedJournal(dir))
        {
            writeRounds(journal, 0, 2);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();
            final CompactionManifest first = compactor(Long.MAX_VALUE).compact();

            writeRounds(journal.roll(), 2, 2);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();
            final CompactionManifest second = compactor(Long.MAX_VALUE).compact();

            assertEquals(2, second.version());
            assertEquals(1, second.previousVersion());
            assertTrue(MerkleTree.equal(first.hash(), second.previousHash()));
            assertEquals(3, second.sources().size(), "the command's cycle and the two new ones, not the first two");
            assertEquals(reference(journal.written(), Long.MAX_VALUE), readVersion());
            assertTrue(CompactedStore.versionDir(dir, STREAM, 1).isDirectory(), "the previous is kept a round");

            writeRounds(journal.roll(), 4, 1);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();
            compactor(Long.MAX_VALUE).compact();
            assertFalse(CompactedStore.versionDir(dir, STREAM, 1).exists());
            assertEquals(reference(journal.written(), Long.MAX_VALUE), readVersion());
            final JournalAudit.Result audit = JournalAudit.verify(dir);
            assertTrue(audit.isValid(), audit.fault());
        }
    }

    @ParameterizedTest
    @EnumSource(StreamCompactor.Step.class)
    void aCrashAtAnyStepLeavesTheOldVersionOrTheNewNeverAMix(final StreamCompactor.Step crashAt)
    {
        try (KeyedJournal journal = new KeyedJournal(dir))
        {
            writeRounds(journal, 0, 2);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();
            compactor(Long.MAX_VALUE).compact();
            final List<Read> old = readVersion();

            writeRounds(journal.roll(), 2, 2);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();
            final List<Read> expectedNew = reference(journal.written(), Long.MAX_VALUE);
            assertFalse(expectedNew.equals(old));

            final StreamCompactor crashing = new StreamCompactor(dir, new StreamCompactor.Context().streamId(STREAM)
                .rollCycle(net.openhft.chronicle.queue.rollcycles.TestRollCycles.TEST_SECONDLY)
                .deleteRetentionNs(Long.MAX_VALUE)
                .stepHook((step) ->
                {
                    if (step == crashAt)
                    {
                        throw new SimulatedCrash(step);
                    }
                }));
            assertThrows(SimulatedCrash.class, crashing::compact);

            // What a reader (or a node restarting) finds: the old version until the switch, the new one after.
            final boolean switched = crashAt.ordinal() > StreamCompactor.Step.SWITCH.ordinal();
            assertEquals(switched ? expectedNew : old, readVersion(), "stopped before " + crashAt);
            final JournalAudit.Result audit = JournalAudit.verify(dir);
            assertTrue(audit.isValid(), "stopped before " + crashAt + ": " + audit.fault());

            // The next round finishes the job: the same result as a run that never stopped.
            CompactedStore.recover(dir, STREAM);
            compactor(Long.MAX_VALUE).compact();
            assertEquals(expectedNew, readVersion());
            final File[] left = CompactedStore.streamDir(dir, STREAM).listFiles((d, name) -> name.endsWith(".tmp"));
            assertEquals(0, null == left ? 0 : left.length, "nothing half written is left");
            final JournalAudit.Result after = JournalAudit.verify(dir);
            assertTrue(after.isValid(), after.fault());
        }
    }

    @Test
    void aChangedManifestResultCycleOrSourceCycleIsFoundAndNamed() throws IOException
    {
        try (KeyedJournal journal = new KeyedJournal(dir))
        {
            writeRounds(journal, 0, 2);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();
            compactor(Long.MAX_VALUE).compact();
            changeAndCheck(journal);
        }
    }

    private void changeAndCheck(final KeyedJournal journal) throws IOException
    {
        final CompactedStore.Version version = CompactedStore.current(dir, STREAM);
        final File manifest = new File(version.dir(), CompactionManifest.FILE_NAME);
        final byte[] original = Files.readAllBytes(manifest.toPath());
        final String text = new String(original, StandardCharsets.UTF_8);
        Files.writeString(manifest.toPath(), text.replace("keyless=2", "keyless=3"));
        assertTrue(JournalAudit.verify(dir).fault().contains("compacted stream 1 version 1: its manifest was altered"),
            JournalAudit.verify(dir).fault());
        Files.write(manifest.toPath(), original);
        assertTrue(JournalAudit.verify(dir).isValid());

        final File resultCycle = JournalScanner.cycleFiles(version.dir()).get(1);
        flipFirst(resultCycle, "v1-k1");
        final String fault = JournalAudit.verify(dir).fault();
        assertNotNull(fault);
        assertTrue(fault.contains("cycle " + resultCycle.getName() + " does not hold what its manifest says"), fault);
        flipFirst(resultCycle, "v0-k1");

        // A source cycle that no longer matches its seal is not compacted from.
        writeRounds(journal.roll(), 2, 1);
        journal.roll().appendCommand();
        new JournalSealer(dir).sealCompleted();
        final List<CycleSeal> seals = JournalSeals.read(dir);
        final File source = new File(dir, seals.get(seals.size() - 1).cycleFile());
        flipFirst(source, "v2-k2");
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> compactor(Long.MAX_VALUE).compact());
        assertTrue(refused.getMessage().contains(source.getName()), refused.getMessage());
        assertEquals(1, CompactedStore.current(dir, STREAM).version(), "nothing changed");
    }

    @Test
    void aHistoryReadsTheCompactedVersionThenTheJournalAfterIt()
    {
        try (KeyedJournal journal = new KeyedJournal(dir))
        {
            writeRounds(journal, 0, 2);
            journal.roll().appendCommand();
            new JournalSealer(dir).sealCompleted();
            final CompactionManifest manifest = compactor(Long.MAX_VALUE).compact();
            final List<KeyedJournal.Written> covered = new ArrayList<>(journal.written());
            journal.append(STREAM, 0, "k1", "after").append(STREAM, 1, "k2", "after");

            final List<Read> expected = new ArrayList<>(reference(covered, Long.MAX_VALUE));
            journal.written().stream().filter((w) -> w.sequence() > manifest.covered() && STREAM == w.streamId())
                .forEach((w) -> expected.add(new Read(w.partition(), w.offset(), w.sequence(), w.key(),
                w.payload())));
            final List<Read> read = new ArrayList<>();
            try (Journal live = Journal.openReadOnly(dir);
                CompactedHistory history = CompactedHistory.open(CompactedStore.current(dir, STREAM),
                    live.newReader()))
            {
                drain(history, read);
                assertFalse(history.isInCompactedVersion());
                assertEquals(expected, read);
                journal.append(STREAM, 1, "k4", "live");
                drain(history, read);
                assertEquals(new Read(1, journal.written().get(journal.written().size() - 1).offset(),
                    journal.lastSequence(), "k4", "live"), read.get(read.size() - 1));
                assertEquals(expected.size() + 1, read.size());
            }
        }
    }

    @Test
    void retentionWaitsForCompactionThenTheNewestValuesOutliveTheirCycles()
    {
        try (KeyedJournal journal = new KeyedJournal(dir))
        {
            writeRounds(journal, 0, 3);
            journal.roll().appendCommand();
            final long nowNs = journal.nowNs() + java.util.concurrent.TimeUnit.DAYS.toNanos(1);
            final JournalSealer sealer = new JournalSealer(dir, new RetentionPolicy(1, 0, false), () -> Long.MAX_VALUE,
                RetentionHold.NONE, (dropped) -> { }, () -> { })
                .compaction(new int[]{ STREAM }, net.openhft.chronicle.queue.rollcycles.TestRollCycles.TEST_SECONDLY,
                Long.MAX_VALUE, (manifest) -> { });
            assertEquals(3, sealer.sealCompleted());

            assertEquals(0, sealer.applyRetention(nowNs), "nothing compacted yet: every cycle is held");
            assertTrue(sealer.keptReason().contains("stream 1 is compacted, and compaction has not covered"),
                sealer.keptReason());

            assertEquals(1, sealer.compactStreams());
            assertEquals(3, sealer.applyRetention(nowNs), "covered: the three sealed cycles go");
            final List<Read> read = new ArrayList<>();
            try (Journal live = Journal.openReadOnly(dir);
                CompactedHistory history = CompactedHistory.open(CompactedStore.current(dir, STREAM),
                    live.newReader()))
            {
                drain(history, read);
            }
            assertEquals(reference(journal.written(), Long.MAX_VALUE), read, "every key's newest value is still read");
            final JournalAudit.Result audit = JournalAudit.verify(dir);
            assertTrue(audit.isValid(), audit.fault());
        }
    }

    /**
     * Rounds of writes: in each, keys k0..k4 of partition 0 and j0..j4 of partition 1 of the stream get a value, an
     * other stream's record and a command come between; the first round has a record without a key; k3 of partition 1
     * is deleted in the second round (a tombstone) and never written again. Each round in a cycle of its own.
     */
    private static void writeRounds(final KeyedJournal journal, final int firstRound, final int rounds)
    {
        for (int round = firstRound; round < firstRound + rounds; round++)
        {
            if (round > firstRound)
            {
                journal.roll();
            }
            for (int k = 0; k < 5; k++)
            {
                journal.append(STREAM, 0, "k" + k, "v" + round + "-k" + k);
                journal.append(OTHER_STREAM, 0, "k" + k, "other");
                if (3 == k && round < 2)
                {
                    journal.append(STREAM, 1, "k3", 0 == round ? "v0-k3" : "");
                }
                else
                {
                    journal.append(STREAM, 1, "j" + k, "v" + round + "-j" + k);
                }
                journal.appendCommand();
            }
            if (round < 3)
            {
                journal.append(STREAM, round % 2, null, "keyless-" + round);
            }
        }
    }

    /**
     * The reference, from the records as written: of the stream's records, those that are the last of their
     * (partition, key), unless a tombstone older than the retention at the newest append time; keyless ones all.
     */
    private static List<Read> reference(final List<KeyedJournal.Written> written, final long deleteRetentionNs)
    {
        final Map<String, KeyedJournal.Written> last = new HashMap<>();
        long newestNs = 0;
        for (final KeyedJournal.Written w : written)
        {
            newestNs = Math.max(newestNs, w.timestampNs());
            if (STREAM == w.streamId() && null != w.key())
            {
                last.put(w.partition() + "/" + w.key(), w);
            }
        }
        final List<Read> kept = new ArrayList<>();
        for (final KeyedJournal.Written w : written)
        {
            if (STREAM != w.streamId())
            {
                continue;
            }
            final boolean isLast = null == w.key() || last.get(w.partition() + "/" + w.key()) == w;
            final boolean expired = w.payload().isEmpty() && newestNs - w.timestampNs() >= deleteRetentionNs;
            if (isLast && !(null != w.key() && expired))
            {
                kept.add(new Read(w.partition(), w.offset(), w.sequence(), w.key(), w.payload()));
            }
        }
        return kept;
    }

    private static long nextOffset(final List<KeyedJournal.Written> written, final int partition)
    {
        return written.stream().filter((w) -> STREAM == w.streamId() && partition == w.partition())
            .mapToLong(KeyedJournal.Written::offset).max().orElse(-1) + 1;
    }

    private StreamCompactor compactor(final long deleteRetentionNs)
    {
        return new StreamCompactor(dir, new StreamCompactor.Context().streamId(STREAM)
            .rollCycle(net.openhft.chronicle.queue.rollcycles.TestRollCycles.TEST_SECONDLY)
            .deleteRetentionNs(deleteRetentionNs));
    }

    private List<Read> readVersion()
    {
        final List<Read> read = new ArrayList<>();
        try (Journal version = Journal.openReadOnly(CompactedStore.current(dir, STREAM).dir());
            JournalReader reader = version.newReader())
        {
            drain(reader, read);
        }
        return read;
    }

    private static void drain(final EntryPoller poller, final List<Read> read)
    {
        final JournalEntryView view = new JournalEntryView();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final RecordDecoder record = new RecordDecoder();
        for (int i = 0; i < 10_000 && poller.poll((buffer, offset, length, index) ->
        {
            view.wrap(buffer, offset, length);
            if (STREAM != view.streamId() || JournalEntryLayout.NO_PARTITION == view.partition())
            {
                return;
            }
            header.wrap(buffer, view.messageOffset());
            record.wrap(buffer, view.messageOffset() + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                header.version());
            final byte[] key = new byte[record.keyLength()];
            record.getKey(key, 0, key.length);
            final byte[] payload = new byte[record.payloadLength()];
            record.getPayload(payload, 0, payload.length);
            read.add(new Read(view.partition(), view.partitionOffset(), view.engineSequence(),
                0 == key.length ? null : new String(key, StandardCharsets.UTF_8),
                new String(payload, StandardCharsets.UTF_8)));
        }, 64) > 0; i++)
        {
            continue;
        }
    }

    private static void flipFirst(final File file, final String text) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file.toPath());
        final byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + needle.length <= bytes.length; i++)
        {
            boolean found = true;
            for (int j = 0; j < needle.length && found; j++)
            {
                found = bytes[i + j] == needle[j];
            }
            if (found)
            {
                try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
                {
                    raf.seek(i + 1);
                    raf.write(bytes[i + 1] ^ 0x01);
                }
                return;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private static final class SimulatedCrash extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(final StreamCompactor.Step step)
        {
            super("stopped before " + step);
        }
    }
}
