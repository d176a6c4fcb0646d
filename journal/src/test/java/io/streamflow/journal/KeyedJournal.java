package io.streamflow.journal;

import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.journal.JournalEntryEncoder;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal of one-second cycles, by a clock of the test's, holding keyed records of streams with partitions (and
 * commands that are not records), each appended with the engine's framing: contiguous engine sequences, offsets per
 * partition from 0, append time the clock's. Keeps every record it wrote, for references.
 */
final class KeyedJournal implements AutoCloseable
{
    /** A record as written. */
    record Written(int streamId, int partition, long offset, long sequence, long timestampNs, String key,
        String payload)
    {
    }

    private final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-12-04T10:00:00Z"));
    private final Journal journal;
    private final JournalWriter writer;
    private final MessageHeaderEncoder protocolHeader = new MessageHeaderEncoder();
    private final RecordEncoder record = new RecordEncoder();
    private final io.streamflow.sbe.journal.MessageHeaderEncoder journalHeader =
        new io.streamflow.sbe.journal.MessageHeaderEncoder();
    private final JournalEntryEncoder entry = new JournalEntryEncoder();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final Map<Long, Long> nextOffsets = new HashMap<>();
    private final List<Written> written = new ArrayList<>();
    private long sequence;

    KeyedJournal(final File dir)
    {
        journal = Journal.open(dir, TestRollCycles.TEST_SECONDLY, clock);
        writer = journal.newWriter();
        sequence = journal.lastEngineSequence() + 1;
    }

    /**
     * Append a record; a null key for none, an empty payload for a tombstone.
     */
    KeyedJournal append(final int streamId, final int partition, final String key, final String payload)
    {
        final byte[] keyBytes = null == key ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        final byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        record.wrapAndApplyHeader(message, 0, protocolHeader)
            .clientId(7)
            .clientSequence(sequence)
            .streamId(streamId)
            .eventTimestampNs(sequence)
            .partition(partition)
            .putKey(keyBytes, 0, keyBytes.length)
            .putPayload(payloadBytes, 0, payloadBytes.length);
        final long offset = nextOffsets.merge(((long)streamId << 32) | partition, 1L, Long::sum) - 1;
        write(streamId, partition, offset, MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength());
        written.add(new Written(streamId, partition, offset, sequence - 1, nowNs(), key, payload));
        return this;
    }

    /**
     * Append a command that is not a record (an order, say).
     */
    KeyedJournal appendCommand()
    {
        message.putLong(MessageHeaderEncoder.ENCODED_LENGTH, sequence);
        protocolHeader.wrap(message, 0).blockLength(8).templateId(4).schemaId(RecordEncoder.SCHEMA_ID).version(
            RecordEncoder.SCHEMA_VERSION);
        write(0, JournalEntryLayout.NO_PARTITION, JournalEntryLayout.NO_PARTITION,
            MessageHeaderEncoder.ENCODED_LENGTH + 8);
        return this;
    }

    /**
     * Move the clock to the next second: the next entry starts a new cycle.
     */
    KeyedJournal roll()
    {
        clock.advanceMillis(1_000);
        return this;
    }

    List<Written> written()
    {
        return written;
    }

    long lastSequence()
    {
        return sequence - 1;
    }

    long nowNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(clock.currentTimeMillis());
    }

    private void write(final int streamId, final int partition, final long offset, final int messageLength)
    {
        entry.wrapAndApplyHeader(buffer, 0, journalHeader)
            .checksum(0)
            .streamId(streamId)
            .engineSequence(sequence++)
            .timestampNs(nowNs())
            .partitionOffset(offset)
            .partition(partition)
            .putMessage(message, 0, messageLength);
        assertTrue(writer.append(buffer, 0,
            io.streamflow.sbe.journal.MessageHeaderEncoder.ENCODED_LENGTH + entry.encodedLength()));
    }

    public void close()
    {
        writer.close();
        journal.close();
    }
}
