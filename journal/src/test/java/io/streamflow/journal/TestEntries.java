package io.streamflow.journal;

import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.journal.JournalEntryEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Builds journal entries wrapping a Record, as the sequencer does: with no partition, or (when partitioned) of stream
 * 1 with two partitions, entry n in partition n % 2 at offset n / 2.
 */
final class TestEntries
{
    private final boolean partitioned;
    private final MessageHeaderEncoder protocolHeader = new MessageHeaderEncoder();
    private final RecordEncoder record = new RecordEncoder();
    private final io.streamflow.sbe.journal.MessageHeaderEncoder journalHeader =
        new io.streamflow.sbe.journal.MessageHeaderEncoder();
    private final JournalEntryEncoder entry = new JournalEntryEncoder();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[4096]);

    TestEntries()
    {
        this(false);
    }

    TestEntries(final boolean partitioned)
    {
        this.partitioned = partitioned;
    }

    int encode(
        final MutableDirectBuffer buffer,
        final long engineSequence,
        final long timestampNs,
        final long clientId,
        final long clientSequence,
        final String payload)
    {
        record.wrapAndApplyHeader(message, 0, protocolHeader)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .streamId(1)
            .eventTimestampNs(timestampNs)
            .putKey(new byte[0], 0, 0);
        final byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        record.putPayload(bytes, 0, bytes.length);
        final int messageLength = MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength();

        entry.wrapAndApplyHeader(buffer, 0, journalHeader)
            .checksum(0)
            .streamId(partitioned ? 1 : 0)
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .partitionOffset(partitioned ? engineSequence / 2 : JournalEntryLayout.NO_PARTITION)
            .partition(partitioned ? (int)(engineSequence % 2) : JournalEntryLayout.NO_PARTITION)
            .putMessage(message, 0, messageLength);
        return io.streamflow.sbe.journal.MessageHeaderEncoder.ENCODED_LENGTH + entry.encodedLength();
    }

    static void appendRecords(final Journal journal, final long firstSequence, final int count)
    {
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (JournalWriter writer = journal.newWriter())
        {
            for (int i = 0; i < count; i++)
            {
                final long sequence = firstSequence + i;
                final int length = entries.encode(
                    buffer, sequence, 1_000 + sequence, 7, sequence, "payload-" + sequence);
                writer.append(buffer, 0, length);
            }
        }
    }
}
