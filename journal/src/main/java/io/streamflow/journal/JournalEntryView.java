package io.streamflow.journal;

import io.streamflow.sbe.journal.JournalEntryDecoder;
import io.streamflow.sbe.journal.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import static io.streamflow.journal.JournalEntryLayout.ENGINE_SEQUENCE_OFFSET;
import static io.streamflow.journal.JournalEntryLayout.FRAMING_LENGTH;
import static io.streamflow.journal.JournalEntryLayout.MESSAGE_LENGTH_OFFSET;
import static io.streamflow.journal.JournalEntryLayout.MESSAGE_OFFSET;
import static io.streamflow.journal.JournalEntryLayout.PARTITION_OFFSET;
import static io.streamflow.journal.JournalEntryLayout.PARTITION_OFFSET_OFFSET;
import static io.streamflow.journal.JournalEntryLayout.STREAM_ID_OFFSET;
import static io.streamflow.journal.JournalEntryLayout.TIMESTAMP_OFFSET;
import static io.streamflow.sbe.journal.JournalEntryDecoder.BYTE_ORDER;

/**
 * Flyweight over one journal entry, wherever its bytes are (a ring slot, a mapped journal file).
 * <p>
 * Not thread safe: one instance per thread.
 */
public final class JournalEntryView
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param buffer holding the entry.
     * @param offset of the entry.
     * @param length of the entry.
     * @return this for a fluent API.
     */
    public JournalEntryView wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Structural check: header, and the wrapped message length agreeing with the entry length. The checksum is
     * checked by {@link JournalChecksum}.
     *
     * @return null when the structure is sound, otherwise what is wrong.
     */
    public String structuralFault()
    {
        if (length < FRAMING_LENGTH)
        {
            return "entry of " + length + " bytes is shorter than its framing (" + FRAMING_LENGTH + ")";
        }

        header.wrap(buffer, offset);
        if (header.schemaId() != JournalEntryDecoder.SCHEMA_ID ||
            header.templateId() != JournalEntryDecoder.TEMPLATE_ID)
        {
            return "not a journal entry (schema " + header.schemaId() + ", template " + header.templateId() + ")";
        }
        if (header.version() != JournalEntryDecoder.SCHEMA_VERSION)
        {
            return "entry of schema version " + header.version() + "; this build reads version " +
                JournalEntryDecoder.SCHEMA_VERSION + (header.version() == 1 ? " (version 1 predates partitions)" : "");
        }
        if (header.blockLength() != JournalEntryDecoder.BLOCK_LENGTH)
        {
            return "unexpected block length " + header.blockLength();
        }
        if (messageLength() != length - FRAMING_LENGTH)
        {
            return "message length " + messageLength() + " disagrees with entry length " + length;
        }

        return null;
    }

    /**
     * @return engine sequence assigned by the sequencer.
     */
    public long engineSequence()
    {
        return buffer.getLong(offset + ENGINE_SEQUENCE_OFFSET, BYTE_ORDER);
    }

    /**
     * @return stream of a record, 0 for other commands.
     */
    public int streamId()
    {
        return buffer.getInt(offset + STREAM_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * @return partition of a record, {@link JournalEntryLayout#NO_PARTITION} for other commands.
     */
    public int partition()
    {
        return buffer.getInt(offset + PARTITION_OFFSET, BYTE_ORDER);
    }

    /**
     * @return offset of a record in its partition, {@link JournalEntryLayout#NO_PARTITION} for other commands.
     */
    public long partitionOffset()
    {
        return buffer.getLong(offset + PARTITION_OFFSET_OFFSET, BYTE_ORDER);
    }

    /**
     * @return sequencing time, nanoseconds since the epoch.
     */
    public long timestampNs()
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, BYTE_ORDER);
    }

    /**
     * @return buffer holding the wrapped ingress message.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the wrapped ingress message in {@link #buffer()}.
     */
    public int messageOffset()
    {
        return offset + MESSAGE_OFFSET;
    }

    /**
     * @return length of the wrapped ingress message.
     */
    public int messageLength()
    {
        return buffer.getInt(offset + MESSAGE_LENGTH_OFFSET, BYTE_ORDER);
    }

    /**
     * @return length of the whole entry.
     */
    public int length()
    {
        return length;
    }
}
