package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalScanner;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The findings of the hardening review, each reproduced on a node's real journal after a clean stop: one entry
 * header's "not complete" bit flipped mid-journal, and one byte of an entry header's length changed. Neither may pass
 * {@code verify}, crash it, be printed past by {@code dump} or {@code consume} without an error, or let the node start
 * (with advice that loses nothing).
 */
class DamagedJournalTest
{
    private static final int RECORDS = 500;
    private static final int DAMAGED = 300;

    @TempDir
    File dir;

    @Test
    void aNotCompleteBitFlippedMidJournalHidesNothing() throws Exception
    {
        writeJournal();
        flipEntryHeaderByte(DAMAGED, 3, (byte)0x80);
        assertEverythingRefuses("entry #" + DAMAGED + " ", RECORDS - DAMAGED - 1);
    }

    @Test
    void aChangedLengthByteIsAFaultNotACrash() throws Exception
    {
        writeJournal();
        flipEntryHeaderByte(DAMAGED, 1, (byte)0x7F);
        assertEverythingRefuses("entry #" + DAMAGED + " ", RECORDS - DAMAGED - 1);
    }

    private void assertEverythingRefuses(final String firstBad, final long following) throws Exception
    {
        final Cli verify = Cli.run("journal", "verify", "--dir", dir.getPath());
        assertEquals(1, verify.exitCode, verify.toString());
        assertTrue(verify.out.startsWith("journal BAD: " + firstBad), verify.out);
        assertTrue(verify.out.contains(DAMAGED + " good entries before it, " + following + " valid entries after it"),
            verify.out);

        final Cli dump = Cli.run("journal", "dump", "--dir", dir.getPath());
        assertEquals(1, dump.exitCode, dump.toString());
        assertEquals(DAMAGED, dump.out.lines().count(), "printed up to the damage");
        assertTrue(dump.err.contains("the journal is damaged at " + firstBad), dump.err);

        final Cli skipping = Cli.run("journal", "dump", "--dir", dir.getPath(), "--skip-bad");
        assertEquals(0, skipping.exitCode, skipping.toString());
        assertEquals(RECORDS - 1, skipping.out.lines().count(), "all but the damaged entry");
        assertTrue(skipping.err.contains("1 entries (by engine sequence) could not be read"), skipping.err);

        final Cli consume = Cli.run("consume", "--dir", dir.getPath(), "--stream", "records");
        assertEquals(1, consume.exitCode, consume.toString());
        assertEquals(DAMAGED, consume.out.lines().count());

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> StreamFlowNode.launch(TestNodes.context(dir)).close());
        assertTrue(refused.getMessage().contains("the journal is damaged: ") &&
            refused.getMessage().contains("after engine sequence " + (DAMAGED - 1) + ")"), refused.getMessage());
        assertTrue(refused.getMessage().contains(following + " valid entries follow it"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Delete nothing"), refused.getMessage());
        assertFalse(refused.getMessage().contains("remove the snapshots"), refused.getMessage());
    }

    private void writeJournal()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, 5))
        {
            final UnsafeBuffer payload = new UnsafeBuffer("{\"n\":1}".getBytes());
            for (int i = 0; i < RECORDS; i++)
            {
                while (client.offerRecord(1, i, null, 0, 0, payload, 0, payload.capacity()) < 0)
                {
                    Thread.yield();
                }
            }
            TestNodes.await(() -> node.counters().journalEntries() == RECORDS, 10_000, () -> { }, "journaled");
        }
        final Cli verify = Cli.run("journal", "verify", "--dir", dir.getPath());
        assertEquals(0, verify.exitCode, "clean before the damage: " + verify);
    }

    /**
     * Change one byte of the 4-byte Chronicle header of the entry with this engine sequence.
     */
    private void flipEntryHeaderByte(final long sequence, final int byteOfHeader, final byte mask) throws Exception
    {
        final File cycle = JournalScanner.cycleFiles(new File(dir, "journal")).get(0);
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(cycle.toPath())).order(ByteOrder.LITTLE_ENDIAN);
        int position = 0;
        while (position + 4 <= bytes.capacity())
        {
            final int word = bytes.getInt(position);
            if (0 == word)
            {
                break;
            }
            final int length = word & 0x3FFF_FFFF;
            final boolean isData = (word & 0x4000_0000) == 0;
            if (isData && bytes.getLong(position + 4 + JournalEntryLayout.ENGINE_SEQUENCE_OFFSET) == sequence)
            {
                try (RandomAccessFile file = new RandomAccessFile(cycle, "rw"))
                {
                    file.seek(position + byteOfHeader);
                    file.write(bytes.get(position + byteOfHeader) ^ mask);
                }
                return;
            }
            position = (position + 4 + length + 3) & ~3;
        }
        throw new AssertionError("entry " + sequence + " not found");
    }
}
