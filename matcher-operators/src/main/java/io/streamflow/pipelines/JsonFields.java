package io.streamflow.pipelines;

import java.util.Map;

/**
 * Reading the flattened fields of a JSON object in a {@link RecordFormat}, with errors that name the field.
 */
final class JsonFields
{
    private JsonFields()
    {
    }

    static long number(final Map<String, String> fields, final String name)
    {
        final String value = fields.get(name);
        if (null == value)
        {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + name + "' is not an integer: " + value, ex);
        }
    }

    static long number(final Map<String, String> fields, final String name, final long otherwise)
    {
        return null == fields.get(name) ? otherwise : number(fields, name);
    }

    static StringBuilder field(final StringBuilder json, final String name, final long value)
    {
        return name(json, name).append(value);
    }

    static StringBuilder field(final StringBuilder json, final String name, final double value)
    {
        return name(json, name).append(Double.isFinite(value) ? Double.toString(value) : "null");
    }

    static StringBuilder field(final StringBuilder json, final String name, final String value)
    {
        name(json, name).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                json.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                json.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                json.append(c);
            }
        }
        return json.append('"');
    }

    /**
     * A field's name and colon, after a comma unless it is the object's first.
     */
    private static StringBuilder name(final StringBuilder json, final String name)
    {
        return json.append(json.length() > 0 && json.charAt(json.length() - 1) != '{' ? "," : "")
            .append('"').append(name).append("\":");
    }

    static void requireLength(final int length, final int expected, final String what)
    {
        if (length != expected)
        {
            throw new IllegalArgumentException(what + " is " + expected + " bytes, not " + length);
        }
    }
}
