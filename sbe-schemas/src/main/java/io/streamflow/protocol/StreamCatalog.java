package io.streamflow.protocol;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntHashSet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streams a node has, by name and id, and the partitions of each, parsed from a
 * {@code name=id[:partitions],...} list ({@code records=1:8,orders=3}: one partition where none is given).
 * <p>
 * Every partition of every stream has a slot, {@code 0 .. partitionSlots() - 1}: the streams in the order given,
 * each stream's partitions in order. Tables per partition (next offsets) index by it, without allocating.
 */
public final class StreamCatalog
{
    /** Most partitions one stream may have. */
    public static final int MAX_PARTITIONS = 4096;

    /** Most partitions of all streams together (an engine snapshot counts them in 16 bits). */
    public static final int MAX_PARTITION_SLOTS = 65_535;

    /** {@link #slotOf} of a stream or partition the catalog does not have. */
    public static final int NO_SLOT = -1;

    private final Map<String, Integer> idByName;
    private final IntHashSet ids = new IntHashSet();
    private final Int2IntHashMap partitionsById = new Int2IntHashMap(0);
    private final Int2IntHashMap firstSlotById = new Int2IntHashMap(NO_SLOT);
    private final int[] streamIdBySlot;
    private final int[] partitionBySlot;

    private StreamCatalog(final Map<String, Integer> idByName, final Map<String, Integer> partitionsByName)
    {
        this.idByName = Collections.unmodifiableMap(idByName);
        int slots = 0;
        for (final Map.Entry<String, Integer> e : idByName.entrySet())
        {
            final int id = e.getValue();
            final int partitions = partitionsByName.get(e.getKey());
            ids.add(id);
            partitionsById.put(id, partitions);
            firstSlotById.put(id, slots);
            slots += partitions;
        }
        streamIdBySlot = new int[slots];
        partitionBySlot = new int[slots];
        for (final Map.Entry<String, Integer> e : idByName.entrySet())
        {
            final int id = e.getValue();
            final int first = firstSlotById.get(id);
            for (int p = 0, count = partitionsById.get(id); p < count; p++)
            {
                streamIdBySlot[first + p] = id;
                partitionBySlot[first + p] = p;
            }
        }
    }

    /**
     * @param spec comma separated {@code name=id[:partitions]}, ids positive and unique, partitions 1 to
     *             {@link #MAX_PARTITIONS} (1 when not given).
     * @return the catalog.
     * @throws IllegalArgumentException naming what is wrong with the spec.
     */
    public static StreamCatalog parse(final String spec)
    {
        final Map<String, Integer> idByName = new LinkedHashMap<>();
        final Map<String, Integer> partitionsByName = new LinkedHashMap<>();
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
            final String value = trimmed.substring(equals + 1).trim();
            final int colon = value.indexOf(':');
            final int id;
            final int partitions;
            try
            {
                id = Integer.parseInt(colon < 0 ? value : value.substring(0, colon).trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("stream '" + trimmed + "' has no numeric id", ex);
            }
            try
            {
                partitions = colon < 0 ? 1 : Integer.parseInt(value.substring(colon + 1).trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("stream '" + trimmed + "' has no numeric partition count", ex);
            }
            final String fault = faultOf(name, id, partitions);
            if (null != fault)
            {
                throw new IllegalArgumentException(fault);
            }
            partitionsByName.put(name, partitions);
            if (idByName.containsValue(id) || null != idByName.put(name, id))
            {
                throw new IllegalArgumentException("stream '" + name + "' or id " + id + " given twice");
            }
        }
        if (idByName.isEmpty())
        {
            throw new IllegalArgumentException("no streams in '" + spec + "'");
        }
        final long slots = partitionsByName.values().stream().mapToLong(Integer::longValue).sum();
        if (slots > MAX_PARTITION_SLOTS)
        {
            throw new IllegalArgumentException("streams '" + spec + "' have " + slots + " partitions in all; at most " +
                MAX_PARTITION_SLOTS);
        }

        return new StreamCatalog(idByName, partitionsByName);
    }

    /**
     * What is wrong with a stream, by itself: its name (1 to {@link IngressTemplate#MAX_STREAM_NAME_LENGTH} of
     * {@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}, as Kafka's topic names), its id (positive) or its
     * partition count (1 to {@link #MAX_PARTITIONS}).
     *
     * @param name       of the stream.
     * @param id         of the stream.
     * @param partitions of the stream.
     * @return null when it may be a stream, else why not.
     */
    public static String faultOf(final String name, final int id, final int partitions)
    {
        if (name.isEmpty() || name.length() > IngressTemplate.MAX_STREAM_NAME_LENGTH || ".".equals(name) ||
            "..".equals(name) || !name.chars().allMatch(StreamCatalog::isNameCharacter))
        {
            return "stream name '" + name + "' must be 1 to " + IngressTemplate.MAX_STREAM_NAME_LENGTH +
                " characters of A-Z a-z 0-9 . _ - (and not . or ..)";
        }
        if (id <= 0)
        {
            return "stream '" + name + "' id must be positive: " + id;
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS)
        {
            return "stream '" + name + "' partitions must be 1 to " + MAX_PARTITIONS + ": " + partitions;
        }
        return null;
    }

    /**
     * This catalog with one stream more, after the ones it has: the slots of those stay as they are, the new
     * stream's partitions take the next ones.
     *
     * @param name       of the new stream.
     * @param id         of the new stream.
     * @param partitions of the new stream.
     * @return the new catalog.
     * @throws IllegalArgumentException when the stream is not valid ({@link #faultOf}), its name or id is taken, or
     *                                  the partitions of all streams would be more than {@link #MAX_PARTITION_SLOTS}.
     */
    public StreamCatalog with(final String name, final int id, final int partitions)
    {
        final String fault = faultOf(name, id, partitions);
        if (null != fault)
        {
            throw new IllegalArgumentException(fault);
        }
        if (idByName.containsKey(name) || ids.contains(id))
        {
            throw new IllegalArgumentException("stream '" + name + "' or id " + id + " exists: " + toSpec());
        }
        if (!hasRoomFor(partitions))
        {
            throw new IllegalArgumentException("stream '" + name + "' with " + partitions + " partitions would " +
                "make " + ((long)partitionSlots() + partitions) + " in all; at most " + MAX_PARTITION_SLOTS);
        }
        final Map<String, Integer> newIdByName = new LinkedHashMap<>(idByName);
        final Map<String, Integer> newPartitionsByName = new LinkedHashMap<>();
        for (final Map.Entry<String, Integer> e : idByName.entrySet())
        {
            newPartitionsByName.put(e.getKey(), partitionsById.get(e.getValue()));
        }
        newIdByName.put(name, id);
        newPartitionsByName.put(name, partitions);
        return new StreamCatalog(newIdByName, newPartitionsByName);
    }

    /**
     * This catalog with one stream more, unless it has the stream's name or id already (as a node configured since
     * with a stream created at run time): then this same catalog.
     *
     * @param name       of the new stream.
     * @param id         of the new stream.
     * @param partitions of the new stream.
     * @return the new catalog, or this one.
     * @throws IllegalArgumentException as {@link #with} does for a stream that is not valid or does not fit.
     */
    public StreamCatalog withIfNew(final String name, final int id, final int partitions)
    {
        return containsName(name) || contains(id) ? this : with(name, id, partitions);
    }

    /**
     * @param partitions of a stream to add.
     * @return true when the partitions of all streams would stay within {@link #MAX_PARTITION_SLOTS}.
     */
    public boolean hasRoomFor(final int partitions)
    {
        return (long)partitionSlots() + partitions <= MAX_PARTITION_SLOTS;
    }

    /**
     * @param name of a stream.
     * @return true when the catalog has a stream of this name.
     */
    public boolean containsName(final String name)
    {
        return idByName.containsKey(name);
    }

    /**
     * @return the highest stream id; a stream created without an id gets the one after it.
     */
    public int maxId()
    {
        int max = 0;
        for (final int id : idByName.values())
        {
            max = Math.max(max, id);
        }
        return max;
    }

    private static boolean isNameCharacter(final int c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || '.' == c || '_' == c ||
            '-' == c;
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
     * @return its partitions, 0 when the catalog does not have it.
     */
    public int partitionsOf(final int id)
    {
        return partitionsById.get(id);
    }

    /**
     * @return partitions of all streams together: the number of slots.
     */
    public int partitionSlots()
    {
        return streamIdBySlot.length;
    }

    /**
     * Allocation free, for the hot path.
     *
     * @param id        of a stream.
     * @param partition of the stream.
     * @return the partition's slot, or {@link #NO_SLOT} when the catalog has no such stream or partition.
     */
    public int slotOf(final int id, final int partition)
    {
        final int first = firstSlotById.get(id);
        return NO_SLOT == first || partition < 0 || partition >= partitionsById.get(id) ? NO_SLOT : first + partition;
    }

    /**
     * @param slot of a partition.
     * @return the id of its stream.
     */
    public int streamIdOfSlot(final int slot)
    {
        return streamIdBySlot[slot];
    }

    /**
     * @param slot of a partition.
     * @return the partition within its stream.
     */
    public int partitionOfSlot(final int slot)
    {
        return partitionBySlot[slot];
    }

    /**
     * @return the catalog as a spec that {@link #parse} reads back.
     */
    public String toSpec()
    {
        final StringBuilder spec = new StringBuilder();
        for (final Map.Entry<String, Integer> e : idByName.entrySet())
        {
            spec.append(spec.length() > 0 ? "," : "").append(e.getKey()).append('=').append(e.getValue());
            final int partitions = partitionsById.get(e.getValue());
            if (partitions > 1)
            {
                spec.append(':').append(partitions);
            }
        }
        return spec.toString();
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
