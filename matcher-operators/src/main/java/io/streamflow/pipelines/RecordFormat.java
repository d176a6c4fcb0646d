package io.streamflow.pipelines;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Map;

/**
 * How the records of a stream look as JSON: the tools encode JSON lines into a stream's binary records with it, and
 * render a pipeline's binary results as JSON lines.
 */
public interface RecordFormat
{
    /**
     * Encode one record from the fields of a JSON object, nested objects flattened into dotted names
     * ({@code {"bid":{"price":5}}} gives {@code bid.price = "5"}).
     *
     * @param fields of the JSON object, values as text.
     * @param buffer to encode into, at offset 0; grows if expandable.
     * @return length of the record.
     * @throws IllegalArgumentException naming the field that is missing or wrong.
     * @throws UnsupportedOperationException for a format of results, which pipelines produce and nobody sends.
     */
    default int encode(final Map<String, String> fields, final MutableDirectBuffer buffer)
    {
        throw new UnsupportedOperationException("records of this format are produced by pipelines, not sent");
    }

    /**
     * Render one record as a JSON object.
     *
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     * @param json   to append to.
     * @throws IllegalArgumentException when the bytes are not a record of this format.
     */
    void appendJson(DirectBuffer buffer, int offset, int length, StringBuilder json);
}
