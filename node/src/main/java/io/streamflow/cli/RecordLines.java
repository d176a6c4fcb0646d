package io.streamflow.cli;

import io.streamflow.client.FollowedRecord;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * The records a consumer tool received from the node's log server, printed as JSON lines; one that cannot be rendered
 * is counted instead.
 */
final class RecordLines
{
    private final PrintWriter out;
    private final Function<FollowedRecord, String> renderer;
    private long printed;
    private long unreadable;

    /**
     * @param out      for the lines.
     * @param renderer a record's JSON line, null when it cannot be rendered.
     */
    RecordLines(final PrintWriter out, final Function<FollowedRecord, String> renderer)
    {
        this.out = out;
        this.renderer = renderer;
    }

    /**
     * @param record to print.
     */
    void print(final FollowedRecord record)
    {
        final String line = renderer.apply(record);
        if (null == line)
        {
            unreadable++;
            return;
        }
        out.println(line);
        printed++;
    }

    /**
     * @return lines printed.
     */
    long printed()
    {
        return printed;
    }

    /**
     * @return records that could not be rendered.
     */
    long unreadable()
    {
        return unreadable;
    }
}
