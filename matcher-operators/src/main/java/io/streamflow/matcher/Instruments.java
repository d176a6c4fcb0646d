package io.streamflow.matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Instrument lists: the built-in default set, and the CSV form a node reads from its instruments file.
 * <pre>
 *   # instrumentId,tickSize,lotSize,minPrice,maxPrice
 *   1,1,1,1,1000000
 * </pre>
 * Blank lines and lines starting with {@code #} are skipped; a header line naming the columns is allowed.
 */
public final class Instruments
{
    /** Columns of the CSV form, in order. */
    public static final String HEADER = "instrumentId,tickSize,lotSize,minPrice,maxPrice";

    /** Instruments in the default set: ids 1 to this. */
    public static final int DEFAULT_COUNT = 8;

    /** Highest price of the default instruments' band, in ticks of 1. */
    public static final long DEFAULT_MAX_PRICE = 1_000_000;

    private Instruments()
    {
    }

    /**
     * @return ids 1 to {@link #DEFAULT_COUNT}, each with tick 1, lot 1 and the band [1, {@link #DEFAULT_MAX_PRICE}].
     */
    public static List<InstrumentSpec> defaults()
    {
        final List<InstrumentSpec> specs = new ArrayList<>();
        for (int id = 1; id <= DEFAULT_COUNT; id++)
        {
            specs.add(new InstrumentSpec(id, 1, 1, 1, DEFAULT_MAX_PRICE));
        }
        return specs;
    }

    /**
     * @param lines  of the CSV form.
     * @param source named in errors (a file name).
     * @return the instruments, in the order given.
     * @throws IllegalArgumentException naming the line that is wrong, or when there is none.
     */
    public static List<InstrumentSpec> parse(final List<String> lines, final String source)
    {
        final List<InstrumentSpec> specs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#") || line.replace(" ", "").equalsIgnoreCase(HEADER))
            {
                continue;
            }
            final String[] fields = line.split(",");
            try
            {
                if (fields.length != 5)
                {
                    throw new IllegalArgumentException("expected 5 fields (" + HEADER + "), found " + fields.length);
                }
                specs.add(new InstrumentSpec(Integer.parseInt(fields[0].trim()), Long.parseLong(fields[1].trim()),
                    Long.parseLong(fields[2].trim()), Long.parseLong(fields[3].trim()),
                    Long.parseLong(fields[4].trim())));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
        if (specs.isEmpty())
        {
            throw new IllegalArgumentException(source + ": no instruments");
        }
        return specs;
    }
}
