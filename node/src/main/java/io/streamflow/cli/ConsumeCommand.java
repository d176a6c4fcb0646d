package io.streamflow.cli;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.engine.EngineConfiguration;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.protocol.ProtocolDefaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code streamflow consume}: a stream's records from a node's journal, as JSON lines, live with {@code --follow}.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description = {
        "Print the records of a stream as JSON lines (sequence, timestamp, stream, client, key, payload), reading",
        "the node's journal directly: works while the node runs, and with --follow shows records as they arrive.",
        "With --output NAME instead, subscribe over Aeron to a pipeline's output stream (see 'streamflow",
        "pipelines') and print its results as JSON lines as they come."
    })
final class ConsumeCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "Node directory (the journal is DIR/journal).")
    File dir;

    @Option(names = "--stream", description = "Stream name or id.")
    String stream;

    @Option(names = "--output", description = "A pipeline output stream to subscribe to, instead of a journal.")
    String output;

    @Option(names = "--idle-timeout", description = "With --output: stop after this many seconds without a result.")
    Double idleTimeoutSeconds;

    @Option(names = "--output-channel", description = "With --output: subscription channel of the node's output " +
        "streams. Default: ${DEFAULT-VALUE}")
    String outputChannel = ProtocolDefaults.OUTPUT_SUBSCRIPTION_CHANNEL;

    @Mixin
    ClientOptions clientOptions;

    @Option(names = "--from", description = "earliest, latest, or an engine sequence. Default: ${DEFAULT-VALUE}")
    String from = "earliest";

    @Option(names = "--limit", description = "Stop after this many records.")
    Long limit;

    @Option(names = "--follow", description = "Keep waiting for new records (until Ctrl-C or --limit).")
    boolean follow;

    @Option(names = "--streams",
        description = "Stream names as name=id,... Default: " + EngineConfiguration.STREAMS_DEFAULT)
    String streams = EngineConfiguration.STREAMS_DEFAULT;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        if (null != output)
        {
            if (null != dir || null != stream)
            {
                throw new IllegalArgumentException("give --output, or --dir with --stream, not both");
            }
            return new OutputConsumer(out(), err()).consume(output, clientOptions, outputChannel,
                null == limit ? Long.MAX_VALUE : limit, idleTimeoutSeconds);
        }
        if (null == dir || null == stream)
        {
            throw new IllegalArgumentException("give --dir and --stream (a journal's records), or --output (a " +
                "pipeline's results)");
        }
        final StreamCatalog catalog = StreamCatalog.parse(streams);
        final int streamId = catalog.resolve(stream);
        final JournalJson json = new JournalJson(catalog);
        final JournalEntryView view = new JournalEntryView();
        final PrintWriter out = out();
        final long max = null == limit ? Long.MAX_VALUE : limit;
        final long[] printed = { 0 };

        try (Journal journal = Journal.openReadOnly(new File(dir, "journal"));
            JournalReader reader = journal.newReader())
        {
            position(reader);
            if (follow)
            {
                err().println("streamflow consume: following stream '" + stream + "' of " + dir + " from " + from +
                    "; Ctrl-C to stop");
                err().flush();
            }
            while (printed[0] < max)
            {
                final int read = reader.poll((buffer, offset, length, index) ->
                {
                    if (printed[0] < max)
                    {
                        final String line = json.recordLine(view.wrap(buffer, offset, length), streamId);
                        if (null != line)
                        {
                            out.println(line);
                            printed[0]++;
                        }
                    }
                }, 256);

                if (0 == read)
                {
                    if (!follow)
                    {
                        break;
                    }
                    out.flush();
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
        out.flush();

        return 0;
    }

    private void position(final JournalReader reader)
    {
        switch (from)
        {
            case "earliest":
                reader.toStart();
                break;

            case "latest":
                reader.toEnd();
                break;

            default:
                try
                {
                    reader.seek(Long.parseLong(from));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("--from must be earliest, latest or a sequence: " + from, ex);
                }
                break;
        }
    }
}
