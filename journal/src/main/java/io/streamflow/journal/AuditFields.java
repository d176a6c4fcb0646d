package io.streamflow.journal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reading and hashing the {@code name=value} fields of an audit log line ({@link AuditRecord}).
 */
final class AuditFields
{
    private AuditFields()
    {
    }

    static Map<String, String> fields(final String line, final String prefix)
    {
        if (!line.startsWith(prefix))
        {
            throw new IllegalArgumentException("not a '" + prefix.trim() + "' record: '" + line + "'");
        }
        final Map<String, String> fields = new HashMap<>();
        for (final String field : line.substring(prefix.length()).split(" "))
        {
            final int equals = field.indexOf('=');
            if (equals <= 0)
            {
                throw new IllegalArgumentException("not name=value: '" + field + "'");
            }
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        return fields;
    }

    static String required(final Map<String, String> fields, final String name)
    {
        final String value = fields.get(name);
        if (null == value)
        {
            throw new IllegalArgumentException("no " + name + "=");
        }
        return value;
    }

    static long number(final Map<String, String> fields, final String name)
    {
        try
        {
            return Long.parseLong(required(fields, name));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " is not a number", ex);
        }
    }

    static byte[] hash(final Map<String, String> fields, final String name)
    {
        return MerkleTree.fromHex(required(fields, name));
    }

    static byte[] sha256(final String text)
    {
        return MerkleTree.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
