package io.streamflow.journal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long the journal keeps completed cycles: past an age (of a cycle's last entry), past a total size of the cycle
 * files, or both; whole cycles only, oldest first, and only sealed ones ({@link JournalRetention}).
 *
 * @param maxAgeNs      cycles whose last entry is older are dropped; 0 for no age limit.
 * @param maxBytes      the oldest cycles are dropped while the cycle files take more; 0 for no size limit.
 * @param mayDropNeeded true to drop a cycle past the limits even when the newest snapshot still needs it (recovery
 *                      then cannot replay: counted and logged); false (the default) to keep it.
 */
public record RetentionPolicy(long maxAgeNs, long maxBytes, boolean mayDropNeeded)
{
    /** Keep everything. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(0, 0, false);

    /**
     * @return true when the policy may drop anything.
     */
    public boolean isActive()
    {
        return maxAgeNs > 0 || maxBytes > 0;
    }

    /**
     * @param text a duration: a number and a unit, {@code s}, {@code m}, {@code h} or {@code d} (e.g. {@code 7d}).
     * @return it in nanoseconds.
     * @throws IllegalArgumentException naming what is wrong.
     */
    public static long parseAge(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final TimeUnit unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1))
        {
            case 's' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MINUTES;
            case 'h' -> TimeUnit.HOURS;
            case 'd' -> TimeUnit.DAYS;
            default -> throw new IllegalArgumentException("retention age '" + text + "' is not a number and a unit " +
                "(s, m, h, d), e.g. 7d");
        };
        return unit.toNanos(positive(t.substring(0, t.length() - 1), "retention age '" + text + "'"));
    }

    /**
     * @param text a size: a number and a unit, {@code KB}, {@code MB}, {@code GB} or {@code TB} (powers of 1,024),
     *             or a number of bytes.
     * @return it in bytes.
     * @throws IllegalArgumentException naming what is wrong.
     */
    public static long parseBytes(final String text)
    {
        final String t = text.trim().toUpperCase(Locale.ROOT);
        final String[] units = { "KB", "MB", "GB", "TB" };
        for (int i = 0; i < units.length; i++)
        {
            if (t.endsWith(units[i]))
            {
                return positive(t.substring(0, t.length() - 2), "retention size '" + text + "'") << (10 * (i + 1));
            }
        }
        return positive(t, "retention size '" + text + "' (a number and KB, MB, GB or TB)");
    }

    private static long positive(final String number, final String what)
    {
        try
        {
            final long value = Long.parseLong(number.trim());
            if (value <= 0)
            {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + " is not a number and a unit", ex);
        }
    }
}
