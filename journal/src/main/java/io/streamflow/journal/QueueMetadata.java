package io.streamflow.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Strict readers of the three metadata documents Chronicle Queue writes into a cycle file, in its binary wire: the
 * file header ({@code header: !SCQStore}), the index of index arrays ({@code index2index}) and an index array
 * ({@code index}). Every byte of a document is accounted for: the field names and type codes must be the ones
 * Chronicle writes, padding bytes must be padding, and the document must end where its last value does, so that any
 * change to one byte of it is either an error here or a value the scanner checks against the data.
 * <p>
 * The layouts, as Chronicle Queue 2026.4 writes them (binary wire codes in hex):
 * <pre>
 *   header:      b9 "header" b6 "SCQStore" 82 len32 {
 *                  "writePosition" pad* 8d cap=2 used=2 [position of the last excerpt, position &lt;&lt; 32 | sequence]
 *                  "indexing" b6 "SCQSIndexing" 82 len32 {
 *                    "indexCount" number  "indexSpacing" number  "index2Index" pad* number  "lastIndex" pad* number }
 *                  "dataFormat" number }
 *   index2index: b9 "index2index" pad* 8d cap used [position of each index array]
 *   index:       b9 "index"       pad* 8d cap used [position of every indexSpacing-th excerpt]
 * </pre>
 * Reads a copy of the document's bytes in a heap buffer: damaged input is an exception here, never a fault of memory.
 */
final class QueueMetadata
{
    /** Binary wire codes (Chronicle's {@code BinaryWireCode}). */
    private static final int BYTES_LENGTH32 = 0x82;
    private static final int I64_ARRAY = 0x8D;
    private static final int PADDING32 = 0x8E;
    private static final int PADDING = 0x8F;
    private static final int UINT8 = 0xA1;
    private static final int UINT16 = 0xA2;
    private static final int UINT32 = 0xA3;
    private static final int INT8 = 0xA4;
    private static final int INT16 = 0xA5;
    private static final int INT32 = 0xA6;
    private static final int INT64 = 0xA7;
    private static final int TYPE_PREFIX = 0xB6;
    private static final int EVENT_NAME = 0xB9;
    private static final int FIELD_NAME0 = 0xC0;
    private static final int FIELD_NAME31 = 0xDF;

    private final ByteBuffer doc;
    private long lastUsed;

    private QueueMetadata(final byte[] bytes)
    {
        doc = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * What a cycle file's header says.
     *
     * @param writePosition  position of the last excerpt written.
     * @param writeSequence  the second value of writePosition: position &lt;&lt; 32 | sequence of that excerpt.
     * @param indexCount     slots in each index array.
     * @param indexSpacing   excerpts between two indexed ones.
     * @param index2Index    position of the index2index document.
     * @param lastIndex      sequence after the last indexed excerpt's spacing.
     * @param dataFormat     Chronicle's data format version.
     */
    record Header(
        long writePosition,
        long writeSequence,
        long indexCount,
        long indexSpacing,
        long index2Index,
        long lastIndex,
        long dataFormat)
    {
    }

    /**
     * An index document: a long array and how much of it is used.
     *
     * @param capacity slots.
     * @param used     slots in use, from the start.
     * @param values   every slot.
     */
    record Index(long capacity, long used, long[] values)
    {
    }

    /**
     * @param bytes of the header document, after its 4-byte length word.
     * @return what it says.
     * @throws IllegalArgumentException naming what is not as Chronicle writes it.
     */
    static Header header(final byte[] bytes)
    {
        final QueueMetadata reader = new QueueMetadata(bytes);
        reader.event("header");
        reader.type("SCQStore");
        final int storeEnd = reader.length32();
        reader.field("writePosition");
        reader.padding();
        final long[] writePosition = reader.array(2);
        if (2 != reader.lastUsed)
        {
            // Chronicle writes both values, always: fewer in use is a changed header.
            throw reader.fault("writePosition with " + reader.lastUsed + " of its 2 values in use");
        }
        reader.field("indexing");
        reader.type("SCQSIndexing");
        final int indexingEnd = reader.length32();
        reader.field("indexCount");
        final long indexCount = reader.smallestNumber();
        reader.field("indexSpacing");
        final long indexSpacing = reader.smallestNumber();
        reader.field("index2Index");
        reader.padding();
        final long index2Index = reader.int64();
        reader.field("lastIndex");
        reader.padding();
        final long lastIndex = reader.int64();
        reader.expectAt(indexingEnd, "the end of indexing");
        reader.field("dataFormat");
        final long dataFormat = reader.smallestNumber();
        reader.expectAt(storeEnd, "the end of the header");
        reader.expectAt(bytes.length, "the end of the document");
        return new Header(writePosition[0], writePosition[1], indexCount, indexSpacing, index2Index, lastIndex,
            dataFormat);
    }

    /**
     * @param bytes of a metadata document, after its 4-byte length word.
     * @param name  the document's event name: {@code index2index} or {@code index}.
     * @return the index, or null when the document is not one of that name.
     * @throws IllegalArgumentException when it is, but not as Chronicle writes it.
     */
    static Index index(final byte[] bytes, final String name)
    {
        final QueueMetadata reader = new QueueMetadata(bytes);
        if (!reader.isEvent(name))
        {
            return null;
        }
        reader.event(name);
        reader.padding();
        final int at = reader.doc.position();
        final long capacity = reader.u8At(at) == I64_ARRAY ? reader.doc.getLong(at + 1) : -1;
        if (capacity <= 0 || capacity > (bytes.length - at) / Long.BYTES)
        {
            throw new IllegalArgumentException(name + " array of " + capacity + " slots in a document of " +
                bytes.length + " bytes");
        }
        final long[] values = reader.array((int)capacity);
        reader.expectAt(bytes.length, "the end of the document");
        return new Index(capacity, reader.lastUsed, values);
    }

    private boolean isEvent(final String name)
    {
        final byte[] expected = name.getBytes(StandardCharsets.US_ASCII);
        if (doc.limit() < 2 + expected.length || u8At(0) != EVENT_NAME || u8At(1) != expected.length)
        {
            return false;
        }
        for (int i = 0; i < expected.length; i++)
        {
            if (doc.get(2 + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private void event(final String name)
    {
        expectCode(EVENT_NAME, "event " + name);
        expectText(name, u8(), "event name");
    }

    private void type(final String name)
    {
        expectCode(TYPE_PREFIX, "type " + name);
        expectText(name, u8(), "type name");
    }

    private void field(final String name)
    {
        final int code = u8();
        if (code < FIELD_NAME0 || code > FIELD_NAME31)
        {
            throw fault("expected field " + name + ", found code 0x" + Integer.toHexString(code));
        }
        expectText(name, code - FIELD_NAME0, "field name");
    }

    private int length32()
    {
        expectCode(BYTES_LENGTH32, "a length");
        final int length = doc.getInt();
        if (length < 0 || length > doc.remaining())
        {
            throw fault("length " + length + " overruns the document");
        }
        return doc.position() + length;
    }

    /**
     * Padding Chronicle puts before a value so that it can be updated in place: single padding codes, or a 32-bit
     * padding of that many zero bytes.
     */
    private void padding()
    {
        while (doc.hasRemaining())
        {
            final int code = u8At(doc.position());
            if (PADDING == code)
            {
                doc.get();
            }
            else if (PADDING32 == code)
            {
                doc.get();
                final int length = doc.getInt();
                if (length < 0 || length > doc.remaining())
                {
                    throw fault("padding of " + length + " bytes overruns the document");
                }
                for (int i = 0; i < length; i++)
                {
                    if (0 != doc.get())
                    {
                        throw fault("a padding byte is not zero");
                    }
                }
            }
            else
            {
                return;
            }
        }
    }

    private long[] array(final int expectedCapacity)
    {
        expectCode(I64_ARRAY, "a long array");
        final long capacity = doc.getLong();
        final long used = doc.getLong();
        if (capacity != expectedCapacity || used < 0 || used > capacity)
        {
            throw fault("array of capacity " + capacity + " with " + used + " used where " + expectedCapacity +
                " slots were expected");
        }
        if (capacity * Long.BYTES > doc.remaining())
        {
            throw fault("array of " + capacity + " slots overruns the document");
        }
        final long[] values = new long[(int)capacity];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = doc.getLong();
        }
        lastUsed = used;
        return values;
    }

    /**
     * A number Chronicle writes in the smallest of its encodings (an unsigned or signed byte, then at each width the
     * signed encoding before the unsigned one): any other encoding of the same value is not what it wrote.
     */
    private long smallestNumber()
    {
        final int code = u8At(doc.position());
        final long value = number();
        final int smallest = value >= 0 && value <= 0xFF ? UINT8 : value < 0 && value >= Byte.MIN_VALUE ? INT8 :
            value == (short)value ? INT16 : value >= 0 && value <= 0xFFFF ? UINT16 :
            value == (int)value ? INT32 : value >= 0 && value <= 0xFFFF_FFFFL ? UINT32 : INT64;
        if (code != smallest)
        {
            throw fault("the number " + value + " is encoded with code 0x" + Integer.toHexString(code) +
                ", not Chronicle's 0x" + Integer.toHexString(smallest));
        }
        return value;
    }

    /**
     * A 64-bit number, as Chronicle writes the values it updates in place.
     */
    private long int64()
    {
        expectCode(INT64, "a 64-bit number");
        return doc.getLong();
    }

    private long number()
    {
        final int code = u8();
        if (code < 0x80)
        {
            return code;
        }
        switch (code)
        {
            case UINT8:
                return u8();
            case UINT16:
                return doc.getShort() & 0xFFFF;
            case UINT32:
                return doc.getInt() & 0xFFFF_FFFFL;
            case INT8:
                return doc.get();
            case INT16:
                return doc.getShort();
            case INT32:
                return doc.getInt();
            case INT64:
                return doc.getLong();
            default:
                throw fault("expected a number, found code 0x" + Integer.toHexString(code));
        }
    }

    private void expectAt(final int position, final String what)
    {
        if (doc.position() != position)
        {
            throw fault("expected " + what + " at " + position + ", at " + doc.position());
        }
    }

    private void expectCode(final int code, final String what)
    {
        final int found = u8();
        if (found != code)
        {
            throw fault("expected " + what + " (code 0x" + Integer.toHexString(code) + "), found code 0x" +
                Integer.toHexString(found));
        }
    }

    private void expectText(final String text, final int length, final String what)
    {
        final byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        if (length != expected.length || length > doc.remaining())
        {
            throw fault(what + " of length " + length + " where '" + text + "' was expected");
        }
        for (final byte b : expected)
        {
            if (doc.get() != b)
            {
                throw fault(what + " is not '" + text + "'");
            }
        }
    }

    private int u8()
    {
        return doc.get() & 0xFF;
    }

    private int u8At(final int position)
    {
        return doc.get(position) & 0xFF;
    }

    private IllegalArgumentException fault(final String what)
    {
        return new IllegalArgumentException(what + " (byte " + doc.position() + " of the document)");
    }
}
