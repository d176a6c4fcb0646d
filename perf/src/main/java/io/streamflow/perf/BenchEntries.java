package io.streamflow.perf;

import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.journal.JournalEntryDecoder;
import io.streamflow.sbe.journal.JournalEntryEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal benchmarks' entry: a record with an 8 B key and a 64 B payload, in its journal framing.
 */
final class BenchEntries
{
    private BenchEntries()
    {
    }

    /**
     * @param entry to encode the entry into, at offset 0, with engine sequence and timestamp 0.
     * @return length of the entry.
     */
    static int encodeRecord(final MutableDirectBuffer entry)
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
        final RecordEncoder record = new RecordEncoder()
            .wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
            .clientId(1).clientSequence(1).streamId(1).eventTimestampNs(1);
        record.putKey(new byte[8], 0, 8).putPayload(new byte[64], 0, 64);
        final int messageLength = MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength();
        new JournalEntryEncoder()
            .wrapAndApplyHeader(entry, 0, new io.streamflow.sbe.journal.MessageHeaderEncoder())
            .checksum(0).streamId(0).engineSequence(0).timestampNs(0)
            .partitionOffset(JournalEntryLayout.NO_PARTITION).partition(JournalEntryLayout.NO_PARTITION)
            .putMessage(message, 0, messageLength);
        return JournalEntryLayout.FRAMING_LENGTH + messageLength;
    }

    /**
     * Make an entry {@link #encodeRecord} encoded the record of engine sequence {@code sequence} in a journal whose
     * stream 1 has {@code partitions} partitions filled in turn: partition {@code sequence % partitions}, offset
     * {@code sequence / partitions}.
     *
     * @param entry      encoded by {@link #encodeRecord}.
     * @param sequence   its engine sequence.
     * @param partitions of stream 1.
     */
    static void placeInPartition(final MutableDirectBuffer entry, final long sequence, final int partitions)
    {
        entry.putInt(JournalEntryLayout.STREAM_ID_OFFSET, 1, JournalEntryDecoder.BYTE_ORDER);
        entry.putLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, sequence, JournalEntryDecoder.BYTE_ORDER);
        entry.putInt(JournalEntryLayout.PARTITION_OFFSET, (int)(sequence % partitions), JournalEntryDecoder.BYTE_ORDER);
        entry.putLong(JournalEntryLayout.PARTITION_OFFSET_OFFSET, sequence / partitions,
            JournalEntryDecoder.BYTE_ORDER);
    }
}
