package io.streamflow.cli;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalChecksum;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.pipelines.PipelineDefinition;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.io.PrintWriter;

/**
 * {@code consume --output NAME --dir DIR}: a pipeline's results from the node's output log (docs/log.md), from the
 * first, from an offset of the output, or only what comes next, as JSON lines in the output's format, each with its
 * offset; with {@code --follow}, live as the node logs them.
 */
final class OutputLogConsumer
{
    private final PrintWriter out;
    private final PrintWriter err;
    private final JournalEntryView entry = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();
    private long printed;
    private long unreadable;
    private boolean damaged;

    OutputLogConsumer(final PrintWriter out, final PrintWriter err)
    {
        this.out = out;
        this.err = err;
    }

    int consume(
        final File nodeDir,
        final PipelineDefinition.Output output,
        final ConsumeStart start,
        final boolean follow,
        final long limit)
    {
        final File outputsDir = new File(nodeDir, "outputs");
        if (!outputsDir.isDirectory())
        {
            throw new IllegalArgumentException("no output log in " + outputsDir + " (a node of an earlier version, " +
                "or one started with --no-output-log)");
        }
        final long fromOffset = switch (start.kind())
        {
            case EARLIEST, LATEST -> 0;
            case OFFSET -> start.value();
            default -> throw new IllegalArgumentException("--output reads from earliest, latest or an offset N");
        };

        final OutputLines lines = new OutputLines(output);
        try (Journal log = Journal.openReadOnly(outputsDir); JournalReader reader = log.newReader())
        {
            if (ConsumeStart.Kind.LATEST == start.kind())
            {
                reader.toEnd();
            }
            final IdleStrategy idle = OutputConsumer.idleStrategy();
            while (printed < limit && !damaged)
            {
                final int read = reader.poll((buffer, offset, length, index) ->
                    onEntry(output, lines, fromOffset, limit, buffer, offset, length), 256);
                if (0 == read)
                {
                    out.flush();
                    if (!follow)
                    {
                        break;
                    }
                }
                idle.idle(read);
            }
        }
        out.flush();
        if (unreadable > 0)
        {
            err.println(unreadable + " results could not be rendered as " + output.name());
        }
        if (damaged)
        {
            err.println("the output log is damaged after " + printed + " results: stopped there");
        }
        err.flush();
        return 0 == unreadable && !damaged ? 0 : 1;
    }

    private void onEntry(
        final PipelineDefinition.Output output,
        final OutputLines lines,
        final long fromOffset,
        final long limit,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (damaged || printed >= limit)
        {
            return;
        }
        entry.wrap(buffer, offset, length);
        if (null != entry.structuralFault() || !checksum.matches(buffer, offset, length))
        {
            damaged = true;
            return;
        }
        if (entry.streamId() != output.streamId() || entry.partitionOffset() < fromOffset)
        {
            return;
        }
        final String line = lines.line(entry.partitionOffset(), buffer, entry.messageOffset());
        if (null == line)
        {
            unreadable++;
            return;
        }
        out.println(line);
        printed++;
    }
}
