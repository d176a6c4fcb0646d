package io.streamflow.pipelines;

import io.streamflow.stream.WindowResult;
import org.agrona.DirectBuffer;

/**
 * Window results as JSON: the window's bounds in epoch milliseconds, the key and each value under its name.
 * <pre>
 * {"window_start_ms":1700000000000,"window_end_ms":1700000010000,"auction":1007,"bids":42}
 * </pre>
 */
public final class WindowResultFormat implements RecordFormat
{
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final KeyFields keyFields;
    private final String countName;
    private final String[] valueNames;
    private final boolean[] isDouble;
    private final WindowResult view = new WindowResult();

    /**
     * Renders a window's key as one or more JSON fields.
     */
    @FunctionalInterface
    public interface KeyFields
    {
        /**
         * @param json to append the fields to (each with its leading comma).
         * @param key  of the window.
         */
        void append(StringBuilder json, long key);
    }

    /**
     * @param name of the key's one field.
     * @return the key as that field.
     */
    public static KeyFields keyNamed(final String name)
    {
        return (json, key) -> JsonFields.field(json, name, key);
    }

    /**
     * @param keyFields  renders the key, or null to leave the key out.
     * @param countName  the record count's field name, or null to leave it out.
     * @param valueNames the values' field names in order; a name ending in ":double" is a double value (the suffix
     *                   is not part of the name).
     */
    public WindowResultFormat(final KeyFields keyFields, final String countName, final String... valueNames)
    {
        this.keyFields = keyFields;
        this.countName = countName;
        this.valueNames = new String[valueNames.length];
        this.isDouble = new boolean[valueNames.length];
        for (int i = 0; i < valueNames.length; i++)
        {
            isDouble[i] = valueNames[i].endsWith(":double");
            this.valueNames[i] = isDouble[i] ? valueNames[i].substring(0, valueNames[i].length() - 7) : valueNames[i];
        }
    }

    /**
     * {@inheritDoc}
     */
    public void appendJson(final DirectBuffer buffer, final int offset, final int length, final StringBuilder json)
    {
        view.wrap(buffer, offset, length);
        if (length < 40 || view.valueCount() != valueNames.length)
        {
            throw new IllegalArgumentException("not a window result with " + valueNames.length + " values");
        }
        json.append('{');
        JsonFields.field(json, "window_start_ms", Math.floorDiv(view.windowStart(), NANOS_PER_MILLI));
        JsonFields.field(json, "window_end_ms", Math.floorDiv(view.windowEnd(), NANOS_PER_MILLI));
        if (null != keyFields)
        {
            keyFields.append(json, view.key());
        }
        if (null != countName)
        {
            JsonFields.field(json, countName, view.count());
        }
        for (int i = 0; i < valueNames.length; i++)
        {
            if (isDouble[i])
            {
                JsonFields.field(json, valueNames[i], view.doubleValue(i));
            }
            else
            {
                JsonFields.field(json, valueNames[i], view.longValue(i));
            }
        }
        json.append('}');
    }
}
