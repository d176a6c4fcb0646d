package io.streamflow.protocol;

import org.agrona.collections.IntHashSet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streams a node has, by name and id, parsed from a {@code name=id,name=id} list.
 */
public final class StreamCatalog
{
    private final Map<String, Integer> idByName;
    private final IntHashSet ids = new IntHashSet();

    private StreamCatalog(final Map<String, Integer> idByName)
    {
        this.idByName = Collections.unmodifiableMap(idByName);
        idByName.values().forEach(ids::add);
    }

    /**
     * @param spec comma separated {@code name=id} pairs, ids positive and unique.
     * @return the catalog.
     * @throws IllegalArgumentException naming what is wrong with the spec.
     */
    public static StreamCatalog parse(final String spec)
    {
        final Map<String, Integer> idByName = new LinkedHashMap<>();
        for (final String pair : spec.split(","))
        {
            final String trimmed = pair.trim();
            if (trimmed.isEmpty())
            {
                continue;
            }
            final int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1)
            {
                throw new IllegalArgumentException("stream '" + trimmed + "' is not name=id");
            }
            final String name = trimmed.substring(0, equals).trim();
            final int id;
            try
            {
                id = Integer.parseInt(trimmed.substring(equals + 1).trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("stream '" + trimmed + "' has no numeric id", ex);
            }
            if (id <= 0)
            {
                throw new IllegalArgumentException("stream '" + name + "' id must be positive: " + id);
            }
            if (idByName.containsValue(id) || null != idByName.put(name, id))
            {
                throw new IllegalArgumentException("stream '" + name + "' or id " + id + " given twice");
            }
        }
        if (idByName.isEmpty())
        {
            throw new IllegalArgumentException("no streams in '" + spec + "'");
        }

        return new StreamCatalog(idByName);
    }

    /**
     * @param nameOrId a stream name of this catalog, or a numeric id.
     * @return the stream id.
     * @throws IllegalArgumentException when it is neither.
     */
    public int resolve(final String nameOrId)
    {
        final Integer id = idByName.get(nameOrId);
        if (null != id)
        {
            return id;
        }
        try
        {
            return Integer.parseInt(nameOrId);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("unknown stream '" + nameOrId + "'; known: " + idByName, ex);
        }
    }

    /**
     * @param id of a stream.
     * @return true when the node has it.
     */
    public boolean contains(final int id)
    {
        return ids.contains(id);
    }

    /**
     * @param id of a stream.
     * @return its name, or the id as text when it has none.
     */
    public String nameOf(final int id)
    {
        for (final Map.Entry<String, Integer> e : idByName.entrySet())
        {
            if (e.getValue() == id)
            {
                return e.getKey();
            }
        }
        return Integer.toString(id);
    }

    /**
     * @return the streams, name to id, in the order given.
     */
    public Map<String, Integer> idsByName()
    {
        return idByName;
    }

    /**
     * @return the stream ids, for allocation-free lookups on the hot path; not to be changed.
     */
    public IntHashSet ids()
    {
        return ids;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return idByName.toString();
    }
}
