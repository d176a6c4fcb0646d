package io.streamflow.cli;

import io.streamflow.client.LogFollower;
import io.streamflow.journal.Journal;
import io.streamflow.pipelines.PipelineDefinition;
import io.streamflow.pipelines.Pipelines;
import io.streamflow.journal.JournalChecksum;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.CompactedStore;
import io.streamflow.journal.CompactionManifest;
import io.streamflow.journal.JournalReader;
import io.streamflow.engine.EngineConfiguration;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.FollowFrom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * {@code streamflow consume}: a stream's records from a node's journal, as JSON lines, live with {@code --follow}.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description = {
        "Print the records of a stream as JSON lines (sequence, timestamp, stream, partition, offset, client, key,",
        "payload): with --dir from the node's journal directly (works while the node runs), else from the running",
        "node's log server over Aeron (--endpoint or --ipc); --follow goes on with records as they arrive.",
        "With --output NAME instead, a pipeline's results (see 'streamflow pipelines'): with --dir from the node's",
        "output log, from any offset; else subscribed over Aeron, as they come.",
        "With --group NAME, a member of that consumer group of the running node: the node assigns it partitions",
        "among the group's members; it starts after the group's committed offsets, commits as it goes, and on the",
        "way out (--limit, --idle-timeout, Ctrl-C) commits and leaves the group."
    })
final class ConsumeCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "Node directory (the journal is DIR/journal).")
    File dir;

    @Option(names = "--stream", description = "Stream name or id.")
    String stream;

    @Option(names = "--output", description = "A pipeline output stream to subscribe to, instead of a journal.")
    String output;

    @Option(names = "--idle-timeout", description = "From a running node: stop after this many seconds without a " +
        "record or result.")
    Double idleTimeoutSeconds;

    @Option(names = "--output-channel", description = "With --output: subscription channel of the node's output " +
        "streams. Default: ${DEFAULT-VALUE}")
    String outputChannel = ProtocolDefaults.OUTPUT_SUBSCRIPTION_CHANNEL;

    @Mixin
    ClientOptions clientOptions;

    @Option(names = "--partition", description = "Only this partition of the stream (from 0). Default: every " +
        "partition (with --from N: each from its offset N).")
    Integer partition;

    @Option(names = "--from", description = "earliest, latest, an offset of the --partition (N), a time " +
        "(ISO-8601 with a zone: the first record appended at or after it), or an engine sequence (seq:N). " +
        "Default: earliest (for --output without --dir: the live stream as it comes).")
    String from;

    @Option(names = "--group", description = "From a running node: consume as a member of this consumer group " +
        "(--from earliest|latest is then where a partition the group has no commit for starts; default latest).")
    String group;

    @Option(names = "--limit", description = "Stop after this many records.")
    Long limit;

    @Option(names = "--follow", description = "Keep waiting for new records (until Ctrl-C or --limit).")
    boolean follow;

    @Option(names = "--skip-bad", description = "Read on past a damaged journal entry, counting what is skipped.")
    boolean skipBad;

    @Option(names = "--streams", description = "Stream names as name=id[:partitions],... Default: those the node " +
        "recorded in its journal directory (with --dir), else " + EngineConfiguration.STREAMS_DEFAULT + ", then " +
        "those the running node lists (a stream created at run time).")
    String streams;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        if (null != output)
        {
            if (null != stream)
            {
                throw new IllegalArgumentException("give --output (a pipeline's results) or --stream, not both");
            }
            if (null != dir)
            {
                final PipelineDefinition.Output named = namedOutput();
                return new OutputLogConsumer(out(), err()).consume(dir, named, start(), follow,
                    null == limit ? Long.MAX_VALUE : limit);
            }
            if (null != from)
            {
                final PipelineDefinition.Output named = namedOutput();
                final OutputLines lines = new OutputLines(named);
                return new RemoteConsumer(out(), err(),
                    (record) -> lines.line(record.partitionOffset(), record.buffer(), record.payloadOffset()))
                    .consume(clientOptions, output,
                        (client, kind, value) -> client.followOutput(named.streamId(), kind, value), start(), follow,
                        null == limit ? Long.MAX_VALUE : limit, idleTimeoutSeconds);
            }
            return new OutputConsumer(out(), err()).consume(output, clientOptions, outputChannel,
                null == limit ? Long.MAX_VALUE : limit, idleTimeoutSeconds);
        }
        if (null == stream)
        {
            throw new IllegalArgumentException("give --stream (with --dir to read a journal, else from the running " +
                "node), or --output (a pipeline's results)");
        }
        if (null != group)
        {
            return consumeAsMember();
        }
        if (null == dir)
        {
            final StreamCatalog catalog = JournalStreams.ofNode(clientOptions, streams, stream);
            final int streamId = catalog.resolve(stream);
            final JournalJson json = new JournalJson(catalog);
            final int followed = null == partition ? LogFollower.EVERY_PARTITION : partition;
            return new RemoteConsumer(out(), err(), json::followedLine).consume(clientOptions, stream,
                (client, kind, value) -> client.follow(streamId, followed, kind, value), start(), follow,
                null == limit ? Long.MAX_VALUE : limit, idleTimeoutSeconds);
        }
        final File journalDir = new File(dir, "journal");
        final StreamCatalog catalog = JournalStreams.of(journalDir, streams);
        final int streamId = catalog.resolve(stream);
        final ConsumeStart start = start();
        final int onlyPartition = partitionToRead(catalog, streamId);
        final long fromOffset = ConsumeStart.Kind.OFFSET == start.kind() ? start.value() : 0;
        final long fromTimeNs = ConsumeStart.Kind.TIME == start.kind() ? start.value() : Long.MIN_VALUE;
        final JournalJson json = new JournalJson(catalog);
        final PrintWriter out = out();
        final long max = null == limit ? Long.MAX_VALUE : limit;
        final long[] printed = { 0 };
        final Predicate<JournalEntryView> print = (entry) ->
        {
            if ((onlyPartition >= 0 && entry.partition() != onlyPartition) || entry.partitionOffset() < fromOffset ||
                entry.timestampNs() < fromTimeNs)
            {
                return true;
            }
            final String line = json.recordLine(entry, streamId);
            if (null != line)
            {
                out.println(line);
                printed[0]++;
            }
            return printed[0] < max;
        };

        // History from the journal's bytes (a damaged entry stops it, unless --skip-bad); then, with --follow, live.
        long next = Long.MIN_VALUE;
        if (ConsumeStart.Kind.LATEST != start.kind())
        {
            // A compacted stream read from before what compaction covers: its compacted version first.
            final long covered = readCompacted(journalDir, streamId, onlyPartition, start, print);
            final JournalHistory history = new JournalHistory();
            final long firstSequence = Long.MIN_VALUE == covered ? firstSequence(journalDir, start) :
                Math.max(covered + 1, firstSequence(journalDir, start));
            final int status = printed[0] >= max ? 0 : history.read(journalDir, firstSequence, skipBad, print, err());
            out.flush();
            if (0 != status || !follow || printed[0] >= max)
            {
                return status;
            }
            next = history.lastSequence() + 1;
        }

        final JournalChecksum checksum = new JournalChecksum();
        final JournalEntryView view = new JournalEntryView();
        final int[] status = { 0 };
        try (Journal journal = Journal.openReadOnly(journalDir); JournalReader reader = journal.newReader())
        {
            if (Long.MIN_VALUE == next)
            {
                reader.toEnd();
            }
            else
            {
                reader.seek(next);
            }
            // Said once the reader is in place: whatever is appended from now on is read.
            err().println("streamflow consume: following stream '" + stream + "' of " + dir + " from " +
                (Long.MIN_VALUE == next ? "latest" : "sequence " + next) + "; Ctrl-C to stop");
            err().flush();
            while (printed[0] < max && 0 == status[0])
            {
                final int read = reader.poll((buffer, offset, length, index) ->
                {
                    if (printed[0] >= max || 0 != status[0])
                    {
                        return;
                    }
                    view.wrap(buffer, offset, length);
                    if (null != view.structuralFault() || !checksum.matches(buffer, offset, length))
                    {
                        err().println("the journal is damaged at index 0x" + Long.toHexString(index) +
                            (skipBad ? ": skipped" : ": stopped there. See 'streamflow journal verify'; " +
                            "--skip-bad reads on past it"));
                        status[0] = skipBad ? 0 : 1;
                        return;
                    }
                    print.test(view);
                }, 256);

                if (0 == read)
                {
                    out.flush();
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
        out.flush();
        err().flush();

        return status[0];
    }

    /**
     * Print the records of a stream's compacted version when the start is before what it covers.
     *
     * @return the engine sequence the version covers up to, or {@code Long.MIN_VALUE} when it was not read.
     */
    private static long readCompacted(
        final File journalDir,
        final int streamId,
        final int onlyPartition,
        final ConsumeStart start,
        final Predicate<JournalEntryView> print)
    {
        final CompactedStore.Version current = CompactedStore.current(journalDir, streamId);
        if (null == current)
        {
            return Long.MIN_VALUE;
        }
        final CompactionManifest covered = current.manifest();
        final long value = start.value();
        final boolean isBefore = switch (start.kind())
        {
            case EARLIEST -> true;
            case OFFSET -> covered.coversOffset(onlyPartition, value);
            case TIME -> value <= covered.coveredTimeNs();
            case SEQUENCE -> value <= covered.covered();
            default -> false;
        };
        if (!isBefore)
        {
            return Long.MIN_VALUE;
        }
        final JournalEntryView view = new JournalEntryView();
        final JournalChecksum checksum = new JournalChecksum();
        final boolean[] isDone = { false };
        try (Journal version = Journal.openReadOnly(current.dir()); JournalReader reader = version.newReader())
        {
            while (!isDone[0] && reader.poll((buffer, offset, length, index) ->
            {
                view.wrap(buffer, offset, length);
                if (isDone[0] || (ConsumeStart.Kind.TIME == start.kind() && view.timestampNs() < value) ||
                    (ConsumeStart.Kind.SEQUENCE == start.kind() && view.engineSequence() < value))
                {
                    return;
                }
                if (null != view.structuralFault() || !checksum.matches(buffer, offset, length))
                {
                    throw new IllegalStateException("compacted stream " + streamId + " version " +
                        current.version() + " is damaged: see 'streamflow journal verify'");
                }
                isDone[0] = !print.test(view);
            }, 256) > 0)
            {
                continue;
            }
        }
        return covered.covered();
    }

    /**
     * As a member of {@link #group}: the node assigns the partitions, the group's commits say where each starts.
     */
    private int consumeAsMember()
    {
        if (null != dir || null != partition)
        {
            throw new IllegalArgumentException("--group consumes from a running node the partitions the group " +
                "assigns: not with --dir or --partition");
        }
        final ConsumeStart.Kind kind = null == from ? ConsumeStart.Kind.LATEST : start().kind();
        if (ConsumeStart.Kind.EARLIEST != kind && ConsumeStart.Kind.LATEST != kind)
        {
            throw new IllegalArgumentException("with --group, --from is earliest or latest: where a partition " +
                "starts that the group has committed no offset for");
        }
        final StreamCatalog catalog = JournalStreams.ofNode(clientOptions, streams, stream);
        final int streamId = catalog.resolve(stream);
        final JournalJson json = new JournalJson(catalog);
        return new GroupMemberConsumer(out(), err(), json::followedLine).consume(clientOptions, group, streamId,
            ConsumeStart.Kind.EARLIEST == kind ? FollowFrom.EARLIEST : FollowFrom.LATEST,
            null == limit ? Long.MAX_VALUE : limit, idleTimeoutSeconds);
    }

    private PipelineDefinition.Output namedOutput()
    {
        final PipelineDefinition.Output named = Pipelines.output(output);
        if (null == named)
        {
            throw new IllegalArgumentException("no pipeline output '" + output + "'; see 'streamflow pipelines'");
        }
        return named;
    }

    private ConsumeStart start()
    {
        return ConsumeStart.parse(null == from ? "earliest" : from);
    }

    /**
     * @return the partition to read, -1 for every one.
     */
    private int partitionToRead(final StreamCatalog catalog, final int streamId)
    {
        final int partitions = catalog.partitionsOf(streamId);
        if (null != partition)
        {
            if (partition < 0 || partition >= partitions)
            {
                throw new IllegalArgumentException("stream '" + stream + "' has partitions 0 to " + (partitions - 1) +
                    ", not " + partition);
            }
            return partition;
        }
        return -1;
    }

    /**
     * The engine sequence to read the history from. A record at offset N of a partition has an engine sequence of at
     * least N (every record before it in its partition came before it in the journal), so an offset start skips the
     * journal before sequence N; a time start finds its sequence by a binary search over the journal's stamps, or in
     * the cold tier ({@link JournalHistory#firstSequenceAtOrAfter}), records before the time passed over.
     */
    private static long firstSequence(final File journalDir, final ConsumeStart start)
    {
        switch (start.kind())
        {
            case OFFSET:
            case SEQUENCE:
                return start.value();

            case TIME:
                return JournalHistory.firstSequenceAtOrAfter(journalDir, start.value());

            default:
                return Long.MIN_VALUE;
        }
    }
}
