package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.operators.EgressSink;
import io.streamflow.pipelines.PipelineDefinition;
import io.streamflow.pipelines.PipelineOperator;
import io.streamflow.pipelines.Pipelines;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.stream.Pipeline;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs a declared pipeline over a time range of a node's journal, offline, at replay speed: the records of its input
 * stream appended from {@code --from} (inclusive) to {@code --to} (exclusive), in engine sequence order as the node
 * applied them, through a pipeline of its own; at the end of the range every source's input ends, so every window
 * still open closes. Results are written as JSON lines (as {@code consume --output} prints them, with the output's
 * name) or CSV.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Run a pipeline over a time range of the journal's history, offline, and write its results: the records of",
        "its input stream appended in [--from, --to), in engine sequence order, then the end of the input, which",
        "closes every window still open. From the earliest record, the results are those the live pipeline logged,",
        "then those of the windows the end closes. Progress goes to stderr on long runs."
    })
final class ReplayCommand extends ToolCommand implements Callable<Integer>
{
    private static final long PROGRESS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(2);

    @Mixin
    NodeDirOption node;

    @Option(names = "--pipeline", required = true, description = "The pipeline to run (see 'streamflow pipelines').")
    String pipeline;

    @Option(names = "--stream", description = "Its input stream, name or id: checked against the pipeline's. " +
        "Default: the pipeline's.")
    String stream;

    @Option(names = "--from", description = "First append time, ISO-8601 with its zone, or earliest. Default: " +
        "earliest.")
    String from;

    @Option(names = "--to", description = "Append time the range ends before, ISO-8601 with its zone. Default: " +
        "the journal's end.")
    String to;

    @Option(names = "--out", description = "File to write the results to. Default: standard output.")
    File out;

    @Option(names = "--format", description = "json (one object per line) or csv (a header, then a row per " +
        "result). Default: ${DEFAULT-VALUE}", defaultValue = "json")
    String format;

    @Option(names = "--streams", description = "The node's streams, name=id[:partitions],... Default: those the " +
        "node recorded beside its journal.")
    String streams;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        if (!"json".equals(format) && !"csv".equals(format))
        {
            throw new IllegalArgumentException("--format is json or csv, not " + format);
        }
        final File journalDir = node.journalDir();
        final PipelineDefinition definition = Pipelines.named(pipeline);
        final StreamCatalog catalog = JournalStreams.of(journalDir, streams);
        final int inputStreamId = catalog.resolve(definition.inputStream());
        if (null != stream && catalog.resolve(stream) != inputStreamId)
        {
            throw new IllegalArgumentException("pipeline " + pipeline + " reads stream '" + definition.inputStream() +
                "', not '" + stream + "'");
        }
        final long fromNs = null == from || "earliest".equals(from) ? Long.MIN_VALUE : timeOf(from, "--from");
        final long toNs = null == to ? Long.MAX_VALUE : timeOf(to, "--to");
        if (toNs <= fromNs)
        {
            throw new IllegalArgumentException("--to must be after --from");
        }

        final PipelineOperator operator = new PipelineOperator(List.of(definition), catalog.idsByName());
        try (PrintWriter results = null == out ? out() : new PrintWriter(new OutputStreamWriter(
            new FileOutputStream(out), StandardCharsets.UTF_8)))
        {
            final ResultWriter writer = new ResultWriter(definition, results, "csv".equals(format));
            final long[] progress = { 0, -1, System.nanoTime(), 0 }; // records, last sequence, last report, last ts
            final int status = new JournalHistory().read(journalDir, firstSequence(journalDir, fromNs), false,
                (entry) ->
                {
                    if (entry.timestampNs() >= toNs)
                    {
                        return false;
                    }
                    if (entry.timestampNs() >= fromNs && entry.streamId() == inputStreamId && entry.partition() >= 0)
                    {
                        operator.onCommand(entry.engineSequence(), entry.timestampNs(), entry.partition(),
                            entry.partitionOffset(), entry.buffer(), entry.messageOffset(), entry.messageLength(),
                            writer);
                        progress[0]++;
                        progress[1] = entry.engineSequence();
                        progress[3] = entry.timestampNs();
                        report(progress);
                    }
                    return true;
                }, err());
            if (0 != status)
            {
                return status;
            }
            writer.markEndOfRange();
            operator.endOfInput(progress[1], writer);
            results.flush();
            long late = 0;
            for (final Pipeline running : operator.pipelines())
            {
                late += running.lateRecords();
            }
            err().println("replay: " + progress[0] + " records of stream '" + catalog.nameOf(inputStreamId) +
                "' through " + pipeline + (progress[0] > 0 ? " (engine sequences up to " + progress[1] + ", the " +
                "last appended " + Instant.ofEpochSecond(0, progress[3]) + ")" : "") + ": " + writer.results +
                " results, " + writer.resultsAtEnd() + " of them from windows the end of the range " +
                "closed; " + late + " late records, " + operator.invalidRecords() + " records the pipeline could " +
                "not read");
            err().flush();
            return 0;
        }
        catch (final FileNotFoundException ex)
        {
            throw new IllegalArgumentException("cannot write " + out + ": " + ex.getMessage(), ex);
        }
    }

    private void report(final long[] progress)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - progress[2] >= PROGRESS_INTERVAL_NS)
        {
            progress[2] = nowNs;
            err().println("replay: " + progress[0] + " records, up to " + Instant.ofEpochSecond(0, progress[3]));
            err().flush();
        }
    }

    private static long timeOf(final String text, final String option)
    {
        final ConsumeStart start = ConsumeStart.parse(text);
        if (ConsumeStart.Kind.TIME != start.kind())
        {
            throw new IllegalArgumentException(option + " is a time, ISO-8601 with its zone: " + text);
        }
        return start.value();
    }

    private static long firstSequence(final File journalDir, final long fromNs)
    {
        return Long.MIN_VALUE == fromNs ? Long.MIN_VALUE : JournalHistory.firstSequenceAtOrAfter(journalDir, fromNs);
    }

    /**
     * The operator's egress for the replay: acknowledgements and rejects are dropped, each output written as a line.
     */
    private static final class ResultWriter implements EgressSink
    {
        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        private final Int2ObjectHashMap<OutputLines> linesByStream = new Int2ObjectHashMap<>();
        private final Int2ObjectHashMap<String> nameByStream = new Int2ObjectHashMap<>();
        private final Int2ObjectHashMap<long[]> offsetByStream = new Int2ObjectHashMap<>();
        private final PrintWriter out;
        private final boolean isCsv;
        private final ObjectMapper mapper = new ObjectMapper();
        private List<String> csvColumns;
        private int outputStreamId = -1;
        private long results;
        private long resultsBeforeEnd = -1;

        ResultWriter(final PipelineDefinition definition, final PrintWriter out, final boolean isCsv)
        {
            this.out = out;
            this.isCsv = isCsv;
            for (final PipelineDefinition.Output output : definition.outputs())
            {
                linesByStream.put(output.streamId(), new OutputLines(output));
                nameByStream.put(output.streamId(), output.name());
                offsetByStream.put(output.streamId(), new long[1]);
            }
        }

        void markEndOfRange()
        {
            resultsBeforeEnd = results;
        }

        long resultsAtEnd()
        {
            return results - resultsBeforeEnd;
        }

        public int claim(final long clientId, final int maxLength)
        {
            outputStreamId = -1;
            buffer.checkLimit(maxLength);
            return 0;
        }

        public int claimOutput(final int outputStreamId, final int maxLength)
        {
            this.outputStreamId = outputStreamId;
            buffer.checkLimit(maxLength);
            return 0;
        }

        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        public void commit(final int length)
        {
            if (outputStreamId < 0)
            {
                return;
            }
            final long[] offset = offsetByStream.get(outputStreamId);
            final String line = linesByStream.get(outputStreamId).line(offset[0]++, buffer, 0);
            if (null == line)
            {
                return;
            }
            results++;
            final String named = "{\"output\":\"" + nameByStream.get(outputStreamId) + "\"," + line.substring(1);
            if (!isCsv)
            {
                out.println(named);
                return;
            }
            try
            {
                final Map<String, String> fields = JsonFlattening.flatten(mapper.readTree(named));
                if (null == csvColumns)
                {
                    csvColumns = new ArrayList<>(fields.keySet());
                    out.println(String.join(",", csvColumns));
                }
                final List<String> row = new ArrayList<>();
                for (final String column : csvColumns)
                {
                    row.add(csv(fields.getOrDefault(column, "")));
                }
                out.println(String.join(",", row));
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("a result is not JSON: " + named, ex);
            }
        }

        private static String csv(final String value)
        {
            return value.contains(",") || value.contains("\"") || value.contains("\n") ?
                "\"" + value.replace("\"", "\"\"") + "\"" : value;
        }
    }
}
