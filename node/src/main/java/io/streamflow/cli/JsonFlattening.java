package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object as the flat field map a {@code RecordFormat} reads: nested objects' fields under dotted names, every
 * value as text.
 */
final class JsonFlattening
{
    private JsonFlattening()
    {
    }

    static Map<String, String> flatten(final JsonNode node)
    {
        if (!node.isObject())
        {
            throw new IllegalArgumentException("not a JSON object");
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        flatten("", node, fields);
        return fields;
    }

    private static void flatten(final String prefix, final JsonNode node, final Map<String, String> fields)
    {
        for (final Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> field = it.next();
            final String name = prefix + field.getKey();
            final JsonNode value = field.getValue();
            if (value.isObject())
            {
                flatten(name + ".", value, fields);
            }
            else if (!value.isNull())
            {
                fields.put(name, value.isValueNode() ? value.asText() : value.toString());
            }
        }
    }
}
