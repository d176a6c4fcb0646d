package io.streamflow.stream;

/**
 * How records are grouped in time: tumbling (fixed, back to back), sliding (fixed size, a new one every slide) or
 * session (closed after a gap with no record), with an allowed lateness during which a fired window still takes
 * late records and fires again.
 *
 * @param kind              of window.
 * @param sizeNs            length of a tumbling or sliding window.
 * @param slideNs           distance between sliding windows (the size for tumbling).
 * @param gapNs             inactivity that closes a session.
 * @param allowedLatenessNs time after a window's end during which it still takes records.
 */
public record WindowSpec(Kind kind, long sizeNs, long slideNs, long gapNs, long allowedLatenessNs)
{
    /**
     * Kinds of window.
     */
    public enum Kind
    {
        /** Fixed, back to back. */
        TUMBLING,
        /** Fixed size, one every slide, overlapping. */
        SLIDING,
        /** One per burst of activity, closed by a gap. */
        SESSION
    }

    /**
     * Validate.
     */
    public WindowSpec
    {
        if (allowedLatenessNs < 0 || (Kind.SESSION == kind ? gapNs <= 0 : sizeNs <= 0 || slideNs <= 0 ||
            slideNs > sizeNs))
        {
            throw new IllegalArgumentException("invalid window " + kind + ": size " + sizeNs + ", slide " + slideNs +
                ", gap " + gapNs + ", lateness " + allowedLatenessNs);
        }
    }

    /**
     * @param sizeNs length of each window.
     * @return tumbling windows.
     */
    public static WindowSpec tumbling(final long sizeNs)
    {
        return new WindowSpec(Kind.TUMBLING, sizeNs, sizeNs, 0, 0);
    }

    /**
     * @param sizeNs  length of each window.
     * @param slideNs distance between window starts.
     * @return sliding windows.
     */
    public static WindowSpec sliding(final long sizeNs, final long slideNs)
    {
        return new WindowSpec(Kind.SLIDING, sizeNs, slideNs, 0, 0);
    }

    /**
     * @param gapNs inactivity that closes a session.
     * @return session windows.
     */
    public static WindowSpec session(final long gapNs)
    {
        return new WindowSpec(Kind.SESSION, 0, 0, gapNs, 0);
    }

    /**
     * @param latenessNs after a window's end during which it still takes records.
     * @return the same windows with that allowed lateness.
     */
    public WindowSpec allowedLateness(final long latenessNs)
    {
        return new WindowSpec(kind, sizeNs, slideNs, gapNs, latenessNs);
    }
}
