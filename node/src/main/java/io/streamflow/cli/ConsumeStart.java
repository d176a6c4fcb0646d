package io.streamflow.cli;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code consume --from} starts, as Kafka's tools mean it: {@code earliest}, {@code latest}, an offset of the
 * partition consumed ({@code N}), a time ({@code 2026-12-03T09:00:00Z}, ISO-8601 with its zone: the first record
 * appended at or after it), or an engine sequence ({@code seq:N}, the journal's global order).
 *
 * @param kind  of start.
 * @param value the offset, the time in nanoseconds since the epoch, or the engine sequence; 0 for the others.
 */
record ConsumeStart(Kind kind, long value)
{
    /** The kinds of start. */
    enum Kind
    {
        EARLIEST, LATEST, OFFSET, TIME, SEQUENCE
    }

    private static final String SEQUENCE_PREFIX = "seq:";

    /**
     * @param from as given on the command line.
     * @return where to start.
     * @throws IllegalArgumentException naming the forms accepted.
     */
    static ConsumeStart parse(final String from)
    {
        if ("earliest".equals(from))
        {
            return new ConsumeStart(Kind.EARLIEST, 0);
        }
        if ("latest".equals(from))
        {
            return new ConsumeStart(Kind.LATEST, 0);
        }
        try
        {
            if (from.startsWith(SEQUENCE_PREFIX))
            {
                return new ConsumeStart(Kind.SEQUENCE, nonNegative(from.substring(SEQUENCE_PREFIX.length()), from));
            }
            if (!from.isEmpty() && Character.isDigit(from.charAt(0)) && from.chars().allMatch(Character::isDigit))
            {
                return new ConsumeStart(Kind.OFFSET, nonNegative(from, from));
            }
            final java.time.Instant instant = OffsetDateTime.parse(from).toInstant();
            return new ConsumeStart(Kind.TIME,
                TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano());
        }
        catch (final NumberFormatException | DateTimeException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("--from must be earliest, latest, an offset (N), a time " +
                "(ISO-8601 with a zone, such as 2026-12-03T09:00:00Z) or an engine sequence (seq:N): " + from, ex);
        }
    }

    private static long nonNegative(final String number, final String from)
    {
        final long value = Long.parseLong(number);
        if (value < 0)
        {
            throw new NumberFormatException("negative: " + from);
        }
        return value;
    }
}
