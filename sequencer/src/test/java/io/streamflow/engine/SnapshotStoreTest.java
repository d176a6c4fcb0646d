package io.streamflow.engine;

import io.streamflow.sequencer.RecordingLogger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStoreTest
{
    @TempDir
    File dir;

    private final RecordingLogger logger = new RecordingLogger();

    @Test
    void theNewestSnapshotsAreKeptAndReadBack()
    {
        final SnapshotStore store = new SnapshotStore(dir);
        assertNull(store.newest(logger), "none yet");
        for (long sequence = 10; sequence <= 40; sequence += 10)
        {
            store.write(sequence, sequence * 1000, sequence * 7, state("state at " + sequence), 11);
        }

        assertEquals(SnapshotStore.RETAINED, store.newestFirst().length, "older ones deleted");
        final SnapshotStore.Snapshot newest = store.newest(logger);
        assertEquals(40, newest.engineSequence());
        assertEquals(40_000, newest.timestampNs());
        assertEquals(280, newest.stateHash());
        assertEquals("state at 40", newest.state().getStringWithoutLengthAscii(0, newest.state().capacity()));
    }

    @Test
    void aDamagedSnapshotIsPassedOverForTheOlderOne() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        store.write(10, 1, 1, state("state at 10"), 11);
        store.write(20, 2, 2, state("state at 20"), 11);
        try (RandomAccessFile file = new RandomAccessFile(store.newestFirst()[0], "rw"))
        {
            file.seek(file.length() - 1);
            file.write('X');
        }

        final SnapshotStore.Snapshot snapshot = store.newest(logger);
        assertEquals(10, snapshot.engineSequence(), "the intact older snapshot");
        assertTrue(String.join("\n", logger.lines).contains("checksum mismatch"), String.join("\n", logger.lines));
    }

    @Test
    void aTruncatedSnapshotIsPassedOver() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        store.write(10, 1, 1, state("state at 10"), 11);
        try (RandomAccessFile file = new RandomAccessFile(store.newestFirst()[0], "rw"))
        {
            file.setLength(file.length() - 3);
        }

        assertNull(store.newest(logger));
        assertTrue(String.join("\n", logger.lines).contains("truncated"), String.join("\n", logger.lines));
    }

    private static UnsafeBuffer state(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new UnsafeBuffer(bytes);
    }
}
