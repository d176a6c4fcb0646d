package io.streamflow.journal;

import io.streamflow.sbe.journal.JournalEntryDecoder;
import io.streamflow.sbe.journal.MessageHeaderDecoder;

/**
 * Byte layout of a journal entry, derived from the generated codec (see streamflow-journal.xml for the diagram).
 * <pre>
 *   0        8          12         16           24          32            40          44        48
 *   | header | checksum | streamId | engine seq | timestamp | part.offset | partition | msg len | message ...
 *                       |&lt;----------------------- covered by the CRC32C ------------------------------&gt;|
 * </pre>
 * Version 2 of the schema; version 1 entries (before partitions) had no stream, partition or offset fields and are
 * not read by this build.
 */
public final class JournalEntryLayout
{
    /** Length of the SBE message header that starts every entry. */
    public static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    /** Offset of the CRC32C. */
    public static final int CHECKSUM_OFFSET = HEADER_LENGTH + JournalEntryDecoder.checksumEncodingOffset();

    /** Offset of the first byte the checksum covers: everything after the checksum field. */
    public static final int CHECKSUMMED_OFFSET = CHECKSUM_OFFSET + JournalEntryDecoder.checksumEncodingLength();

    /** Offset of the engine sequence. */
    public static final int ENGINE_SEQUENCE_OFFSET = HEADER_LENGTH + JournalEntryDecoder.engineSequenceEncodingOffset();

    /** Offset of the stream id of a record (0 for other commands). */
    public static final int STREAM_ID_OFFSET = HEADER_LENGTH + JournalEntryDecoder.streamIdEncodingOffset();

    /** Offset of a record's offset in its partition (-1 for other commands). */
    public static final int PARTITION_OFFSET_OFFSET =
        HEADER_LENGTH + JournalEntryDecoder.partitionOffsetEncodingOffset();

    /** Offset of a record's partition (-1 for other commands). */
    public static final int PARTITION_OFFSET = HEADER_LENGTH + JournalEntryDecoder.partitionEncodingOffset();

    /** {@code partition} and {@code partitionOffset} of an entry that is not a record. */
    public static final int NO_PARTITION = -1;

    /** Offset of the sequencing timestamp. */
    public static final int TIMESTAMP_OFFSET = HEADER_LENGTH + JournalEntryDecoder.timestampNsEncodingOffset();

    /** Offset of the length of the wrapped message. */
    public static final int MESSAGE_LENGTH_OFFSET = HEADER_LENGTH + JournalEntryDecoder.BLOCK_LENGTH;

    /** Offset of the wrapped ingress message. */
    public static final int MESSAGE_OFFSET = MESSAGE_LENGTH_OFFSET + JournalEntryDecoder.messageHeaderLength();

    /** Bytes an entry adds to the message it wraps. */
    public static final int FRAMING_LENGTH = MESSAGE_OFFSET;

    private JournalEntryLayout()
    {
    }
}
