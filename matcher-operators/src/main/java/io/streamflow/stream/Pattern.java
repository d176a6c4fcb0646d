package io.streamflow.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A sequence of steps to detect per key, each a predicate that must hold for a number of records, all within a
 * time bound: "three failed logins, then a transfer, within 60 s".
 * <pre>
 *   Pattern.&lt;Login&gt;begin(Login::failed).times(3).followedBy(Login::transfer).within(60_000_000_000L)
 * </pre>
 * Contiguity: STRICT means the key's records that make up a match follow one another with nothing in between;
 * RELAXED lets other records of the key come in between (they are skipped).
 *
 * @param <V> record view.
 */
public final class Pattern<V>
{
    /**
     * Whether other records may come between the records of a match.
     */
    public enum Contiguity
    {
        /** Nothing in between. */
        STRICT,
        /** Non-matching records of the key in between are skipped. */
        RELAXED
    }

    final List<Predicate<V>> predicates = new ArrayList<>();
    final List<Integer> times = new ArrayList<>();
    long withinNs = Long.MAX_VALUE;
    Contiguity contiguity = Contiguity.RELAXED;

    private Pattern()
    {
    }

    /**
     * @param first predicate of the first step.
     * @param <V>   record view.
     * @return a pattern of one step.
     */
    public static <V> Pattern<V> begin(final Predicate<V> first)
    {
        final Pattern<V> pattern = new Pattern<>();
        pattern.predicates.add(first);
        pattern.times.add(1);
        return pattern;
    }

    /**
     * @param count records the last step needs.
     * @return this for a fluent API.
     */
    public Pattern<V> times(final int count)
    {
        if (count <= 0)
        {
            throw new IllegalArgumentException("times must be positive: " + count);
        }
        times.set(times.size() - 1, count);
        return this;
    }

    /**
     * @param next predicate of the next step.
     * @return this for a fluent API.
     */
    public Pattern<V> followedBy(final Predicate<V> next)
    {
        predicates.add(next);
        times.add(1);
        return this;
    }

    /**
     * @param boundNs from the first record of a match to its last, at most.
     * @return this for a fluent API.
     */
    public Pattern<V> within(final long boundNs)
    {
        if (boundNs < 0)
        {
            throw new IllegalArgumentException("within must not be negative: " + boundNs);
        }
        this.withinNs = boundNs;
        return this;
    }

    /**
     * @param contiguity STRICT or RELAXED.
     * @return this for a fluent API.
     */
    public Pattern<V> contiguity(final Contiguity contiguity)
    {
        this.contiguity = contiguity;
        return this;
    }
}
