package io.streamflow.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seals of completed cycles, and what a verify of them finds: three sealed cycles of 150 entries each and a fourth
 * the writer is still on; then one change at a time (an entry with its checksum made good again, a plain flipped
 * byte, a root in the audit log, a forged seal, a checkpoint file, a deleted or truncated cycle), each found and
 * named. Inclusion proofs hold, and none with a changed part does.
 */
class JournalAuditTest
{
    private static final int PER_CYCLE = FourCycles.PER_CYCLE;

    @TempDir
    File dir;

    private final TestEntries entries = new TestEntries();
    private List<File> cycles;

    @BeforeEach
    void writeFourCyclesAndSealThree()
    {
        cycles = FourCycles.write(dir, entries);
        final JournalSealer sealer = new JournalSealer(dir);
        assertEquals(3, sealer.sealCompleted(), "every cycle but the one still written");
        assertEquals(0, sealer.sealCompleted(), "each once");
    }

    @Test
    void sealsChainTheCyclesAndHoldTheirRoots()
    {
        final List<CycleSeal> seals = JournalSeals.read(dir);
        assertEquals(3, seals.size());
        for (int k = 0; k < 3; k++)
        {
            final CycleSeal seal = seals.get(k);
            assertEquals(cycles.get(k).getName(), seal.cycleFile());
            assertEquals(PER_CYCLE, seal.entries());
            assertEquals((long)k * PER_CYCLE, seal.firstSequence());
            assertEquals((long)k * PER_CYCLE + PER_CYCLE - 1, seal.lastSequence());
            assertTrue(seal.isIntact());
            assertTrue(MerkleTree.equal(independentRoot(cycles.get(k)), seal.root()), "root of cycle " + k);
            if (k > 0)
            {
                assertTrue(MerkleTree.equal(seals.get(k - 1).chainEnd(), seal.chainStart()));
                assertTrue(MerkleTree.equal(seals.get(k - 1).hash(), seal.previous()));
            }
        }

        final JournalAudit.Result result = JournalAudit.verify(dir);
        assertTrue(result.isValid(), result.fault());
        assertEquals(3, result.seals());
        assertEquals(List.of(), result.notes());
    }

    @Test
    void anEntryChangedWithItsChecksumMadeGoodIsNamed() throws IOException
    {
        rewrite(220, true);
        assertTrue(JournalScanner.scan(dir, null, false).isValid(), "the checksums cannot tell");

        final JournalAudit.Result result = JournalAudit.verify(dir);
        assertEquals("seal 2 (cycle " + cycles.get(1).getName() + "): the entries from engine sequence 214 to 277 " +
            "are not those sealed", result.fault());
    }

    @Test
    void aPlainChangedByteIsNamedByItsChecksum() throws IOException
    {
        rewrite(220, false);
        final JournalAudit.Result result = JournalAudit.verify(dir);
        assertFalse(result.isValid());
        assertTrue(result.fault().startsWith("seal 2 (cycle " + cycles.get(1).getName() + "): "), result.fault());
        assertTrue(result.fault().contains("220") || result.fault().contains("219"), result.fault());
    }

    @Test
    void aChangedRootInTheAuditLogIsFound() throws IOException
    {
        final List<String> lines = Files.readAllLines(JournalSeals.logFile(dir).toPath());
        final String root = "root=" + MerkleTree.hex(JournalSeals.read(dir).get(1).root());
        final char first = root.charAt(5);
        lines.set(1, lines.get(1).replace(root, "root=" + (first == '0' ? '1' : '0') + root.substring(6)));
        Files.write(JournalSeals.logFile(dir).toPath(), lines);

        assertEquals("seal 2 (cycle " + cycles.get(1).getName() + ") was altered: its hash is not that of its " +
            "fields", JournalAudit.verify(dir).fault());
    }

    @Test
    void aForgedSealWithAGoodHashOfItsOwnIsFound() throws IOException
    {
        final List<CycleSeal> seals = JournalSeals.read(dir);
        final CycleSeal real = seals.get(1);
        final CycleSeal forged = CycleSeal.of(real.cycleFile(), real.entries(), real.firstSequence(),
            real.lastSequence(), real.lastTimestampNs(), real.chainStart(), real.chainEnd(), MerkleTree.zeros(),
            real.checkpointsHash(), real.previous());
        final List<String> lines = Files.readAllLines(JournalSeals.logFile(dir).toPath());
        lines.set(1, forged.toLine());
        Files.write(JournalSeals.logFile(dir).toPath(), lines);

        final String fault = JournalAudit.verify(dir).fault();
        assertNotNull(fault);
        assertTrue(fault.startsWith("seal 2 (cycle " + cycles.get(1).getName() + ")"), fault);
    }

    @Test
    void aDroppedSealIsFound() throws IOException
    {
        final List<String> lines = Files.readAllLines(JournalSeals.logFile(dir).toPath());
        lines.remove(1);
        Files.write(JournalSeals.logFile(dir).toPath(), lines);

        assertEquals("seal 2 (cycle " + cycles.get(2).getName() + ") does not follow the record before it: a record " +
            "was changed, dropped or put in between", JournalAudit.verify(dir).fault());
    }

    @Test
    void aChangedCheckpointFileIsFound() throws IOException
    {
        final File checkpoints = JournalSeals.checkpointsFile(dir, cycles.get(0).getName());
        final byte[] bytes = Files.readAllBytes(checkpoints.toPath());
        bytes[40] ^= 1;
        Files.write(checkpoints.toPath(), bytes);

        assertEquals("seal 1 (cycle " + cycles.get(0).getName() + "): its checkpoint file was altered or is missing",
            JournalAudit.verify(dir).fault());
    }

    @Test
    void aDeletedCycleIsFound()
    {
        assertTrue(cycles.get(1).delete());
        assertEquals("seal 2 (cycle " + cycles.get(1).getName() + "): the cycle file is missing",
            JournalAudit.verify(dir).fault());
    }

    @Test
    void aTruncatedCycleIsFound() throws IOException
    {
        final long at = positionOf(cycles.get(2), "payload-000400");
        try (RandomAccessFile file = new RandomAccessFile(cycles.get(2), "rw"))
        {
            file.setLength(at - 64);
        }
        final String fault = JournalAudit.verify(dir).fault();
        assertNotNull(fault);
        assertTrue(fault.startsWith("seal 3 (cycle " + cycles.get(2).getName() + ")"), fault);
    }

    @Test
    void proofsHoldAndNoneWithAChangedPartDoes()
    {
        for (final long sequence : new long[]{ 0, 63, 64, 149, 150, 220, 449 })
        {
            final InclusionProof proof = JournalAudit.prove(dir, sequence);
            assertNull(proof.check(), "sequence " + sequence);
            assertEquals(sequence % PER_CYCLE, proof.leafIndex());
        }

        final InclusionProof proof = JournalAudit.prove(dir, 220);
        final byte[] entry = proof.entry().clone();
        entry[entry.length - 1] ^= 1;
        assertNotNull(with(proof, entry, proof.leafHash(), proof.path(), proof.root(), proof.leafIndex(),
            proof.seal()).check());
        assertNotNull(with(proof, proof.entry(), flip(proof.leafHash()), proof.path(), proof.root(),
            proof.leafIndex(), proof.seal()).check());
        for (int i = 0; i < proof.path().size(); i++)
        {
            final List<byte[]> path = new ArrayList<>(proof.path());
            path.set(i, flip(path.get(i)));
            assertNotNull(with(proof, proof.entry(), proof.leafHash(), path, proof.root(), proof.leafIndex(),
                proof.seal()).check(), "sibling " + i + " changed");
        }
        assertNotNull(with(proof, proof.entry(), proof.leafHash(), proof.path(), flip(proof.root()),
            proof.leafIndex(), proof.seal()).check());
        assertNotNull(with(proof, proof.entry(), proof.leafHash(), proof.path(), proof.root(),
            proof.leafIndex() + 1, proof.seal()).check());
        final String root = MerkleTree.hex(proof.root());
        assertNotNull(with(proof, proof.entry(), proof.leafHash(), proof.path(), proof.root(), proof.leafIndex(),
            proof.seal().replace(root, root.replace(root.charAt(0), root.charAt(0) == 'a' ? 'b' : 'a'))).check());

        assertThrows(IllegalArgumentException.class, () -> JournalAudit.prove(dir, 455), "in the unsealed cycle");
    }

    private static InclusionProof with(
        final InclusionProof proof,
        final byte[] entry,
        final byte[] leafHash,
        final List<byte[]> path,
        final byte[] root,
        final long leafIndex,
        final String seal)
    {
        return new InclusionProof(proof.sequence(), proof.cycleFile(), leafIndex, proof.treeSize(), entry, leafHash,
            path, root, seal);
    }

    private static byte[] flip(final byte[] hash)
    {
        final byte[] flipped = hash.clone();
        flipped[7] ^= 0x20;
        return flipped;
    }

    private byte[] independentRoot(final File cycle)
    {
        final List<byte[]> leaves = new ArrayList<>();
        JournalScanner.scanFile(dir, cycle, (buffer, offset, length, isGood) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            leaves.add(MerkleTree.leafHash(bytes, 0, length));
            return true;
        });
        return MerkleTree.root(leaves);
    }

    /**
     * Change one byte of the payload of an entry in its cycle file, and make its checksum good again if asked.
     */
    private void rewrite(final long sequence, final boolean fixChecksum) throws IOException
    {
        final File cycle = cycles.get((int)(sequence / PER_CYCLE));
        final String payload = String.format("payload-%06d", sequence);
        final long payloadAt = positionOf(cycle, payload);
        final UnsafeBuffer encoded = new UnsafeBuffer(new byte[4096]);
        final int length = entries.encode(encoded, sequence, 1_000 + sequence, 7, sequence, payload);
        final int payloadOffset = indexOf(encoded.byteArray(), length, payload);
        final long entryAt = payloadAt - payloadOffset;
        try (RandomAccessFile file = new RandomAccessFile(cycle, "rw"))
        {
            final byte[] bytes = new byte[length];
            file.seek(entryAt);
            file.readFully(bytes);
            bytes[payloadOffset + payload.length() - 1] ^= 0x01;
            if (fixChecksum)
            {
                new JournalChecksum().seal(new UnsafeBuffer(bytes), 0, length);
            }
            file.seek(entryAt);
            file.write(bytes);
        }
    }

    private static long positionOf(final File file, final String text) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file.toPath());
        final int at = indexOf(bytes, bytes.length, text);
        assertTrue(at >= 0, text + " in " + file);
        return at;
    }

    private static int indexOf(final byte[] bytes, final int length, final String text)
    {
        final byte[] wanted = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + wanted.length <= length; i++)
        {
            for (int j = 0; j < wanted.length; j++)
            {
                if (bytes[i + j] != wanted[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
