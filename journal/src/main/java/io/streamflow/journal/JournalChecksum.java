package io.streamflow.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.zip.CRC32C;

import static io.streamflow.journal.JournalEntryLayout.CHECKSUMMED_OFFSET;
import static io.streamflow.journal.JournalEntryLayout.CHECKSUM_OFFSET;
import static io.streamflow.sbe.journal.JournalEntryDecoder.BYTE_ORDER;

/**
 * CRC32C of journal entries, over buffers on or off the heap, without allocating.
 * <p>
 * Not thread safe: one instance per thread.
 */
public final class JournalChecksum
{
    private final CRC32C crc = new CRC32C();

    /**
     * Compute the checksum of an entry and store it in the entry's checksum field.
     *
     * @param buffer holding the entry.
     * @param offset of the entry.
     * @param length of the entry.
     */
    public void seal(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        buffer.putInt(offset + CHECKSUM_OFFSET, compute(buffer, offset, length), BYTE_ORDER);
    }

    /**
     * Does the stored checksum match the entry's bytes?
     *
     * @param buffer holding the entry.
     * @param offset of the entry.
     * @param length of the entry, at least {@link JournalEntryLayout#FRAMING_LENGTH}.
     * @return true when they match.
     */
    public boolean matches(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getInt(offset + CHECKSUM_OFFSET, BYTE_ORDER) == compute(buffer, offset, length);
    }

    /**
     * CRC32C of the bytes the checksum covers.
     *
     * @param buffer holding the entry.
     * @param offset of the entry.
     * @param length of the entry.
     * @return the CRC32C as the unsigned int the entry stores.
     */
    public int compute(final DirectBuffer buffer, final int offset, final int length)
    {
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            final int arrayOffset = (int)(buffer.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET);
            crc.update(array, arrayOffset + offset + CHECKSUMMED_OFFSET, length - CHECKSUMMED_OFFSET);
            return (int)crc.getValue();
        }

        return org.agrona.checksum.Crc32c.INSTANCE.compute(
            buffer.addressOffset(), offset + CHECKSUMMED_OFFSET, length - CHECKSUMMED_OFFSET);
    }
}
