package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.client.CreateStreamCommand;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.StreamsListing;
import io.streamflow.engine.SnapshotStore;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.Journal;
import io.streamflow.journal.CompactedStore;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.snapshot.EngineStateDecoder;
import io.streamflow.sbe.snapshot.MessageHeaderDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow streams --dir DIR}: every stream partition of a node's log with its offsets, as Kafka's tools show
 * a topic: the first offset still held (the log start), the end offset (the offset the next record gets), the records
 * held and the time of the last one appended.
 */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
        "List a node's streams and partitions: per partition the first offset the journal still holds, the end",
        "offset (what the next record gets), the records held and when the last was appended. With --dir from the",
        "node's directory (reads the whole journal once); without, from the running node's log server.",
        "With --create NAME [--partitions N] [--id ID], create a stream on the running node."
    })
final class StreamsCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "Node directory (the journal is DIR/journal). Without it, ask the " +
        "running node (--endpoint or --ipc).")
    File dir;

    @Mixin
    ClientOptions clientOptions;

    private static final long NOT_REMOTE = Long.MIN_VALUE;

    @Option(names = "--streams", description = "Stream names as name=id[:partitions],... Default: those the node " +
        "recorded in its journal directory.")
    String streams;

    @Option(names = "--json", description = "One JSON document instead of a table.")
    boolean json;

    @Option(names = "--skip-bad", description = "Read on past a damaged journal entry, counting what is skipped.")
    boolean skipBad;

    @Option(names = "--create", paramLabel = "NAME", description = "Create this stream on the running node (Kafka's " +
        "kafka-topics --create): 1 to 249 of A-Z a-z 0-9 . _ -. Journaled, so it survives restarts and replicates.")
    String create;

    @Option(names = "--partitions", description = "With --create: the new stream's partitions, 1 to 4096. " +
        "Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int partitions;

    @Option(names = "--id", description = "With --create: the new stream's id. Default: one more than the node's " +
        "highest.", defaultValue = "0")
    int id;

    /** What the journal (and the newest snapshot) tell of one partition. */
    private static final class PartitionState
    {
        long records;
        long firstOffset = -1;
        long endOffset;
        long lastTimestampNs = -1;
    }

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        if (null != create)
        {
            return createStream();
        }
        if (null == dir)
        {
            return listRemote();
        }
        final File journalDir = new File(dir, "journal");
        if (JournalScanner.cycleFiles(journalDir).isEmpty())
        {
            throw new IllegalArgumentException("no journal in " + journalDir);
        }
        final StreamCatalog catalog = JournalStreams.of(journalDir, streams);
        final Map<Long, PartitionState> partitions = new TreeMap<>();
        for (int slot = 0; slot < catalog.partitionSlots(); slot++)
        {
            partitions.put(key(catalog.streamIdOfSlot(slot), catalog.partitionOfSlot(slot)), new PartitionState());
        }
        readSnapshotOffsets(partitions);

        // A compacted stream holds what a consumer from the earliest reads: its compacted version's records, then the
        // journal's after what the version covers.
        final Map<Integer, Long> coveredByStream = new HashMap<>();
        final JournalEntryView compactedEntry = new JournalEntryView();
        for (final int streamId : CompactedStore.streams(journalDir))
        {
            final CompactedStore.Version version = CompactedStore.current(journalDir, streamId);
            if (null == version)
            {
                continue;
            }
            coveredByStream.put(streamId, version.manifest().covered());
            try (Journal compacted = Journal.openReadOnly(version.dir()); JournalReader reader = compacted.newReader())
            {
                while (reader.poll((buffer, offset, length, index) ->
                    count(partitions, compactedEntry.wrap(buffer, offset, length)), 256) > 0)
                {
                    continue;
                }
            }
            err().println("stream " + catalog.nameOf(streamId) + " is compacted: version " + version.version() +
                " (engine sequences up to " + version.manifest().covered() + ") counted in place of the journal " +
                "it covers");
        }

        final int status = new JournalHistory().read(journalDir, Long.MIN_VALUE, skipBad, (entry) ->
        {
            if (JournalEntryLayout.NO_PARTITION != entry.partition() &&
                entry.engineSequence() > coveredByStream.getOrDefault(entry.streamId(), -1L))
            {
                count(partitions, entry);
            }
            return true;
        }, err());

        if (json)
        {
            printJson(catalog, partitions, NOT_REMOTE);
        }
        else
        {
            printTable(catalog, partitions);
        }
        out().flush();
        return status;
    }

    private static void count(final Map<Long, PartitionState> partitions, final JournalEntryView entry)
    {
        final PartitionState state = partitions.computeIfAbsent(
            key(entry.streamId(), entry.partition()), (k) -> new PartitionState());
        state.records++;
        if (state.firstOffset < 0)
        {
            state.firstOffset = entry.partitionOffset();
        }
        state.endOffset = Math.max(state.endOffset, entry.partitionOffset() + 1);
        state.lastTimestampNs = entry.timestampNs();
    }

    /**
     * Create a stream on the running node, then show it as the node lists it.
     */
    private int createStream()
    {
        if (null != dir)
        {
            throw new IllegalArgumentException("--create asks the running node: not with --dir");
        }
        final CreateStreamCommand command = new CreateStreamCommand(create, partitions, id);
        try (StreamFlowClient client = clientOptions.connect())
        {
            final long engineSequence;
            try
            {
                engineSequence = client.createStream(command, TimeUnit.SECONDS.toNanos(10));
            }
            catch (final IllegalStateException ex)
            {
                err().println("streamflow streams: " + ex.getMessage());
                err().flush();
                return 1;
            }
            final StreamCatalog catalog = StreamCatalog.parse(client.listStreams(TimeUnit.SECONDS.toNanos(10))
                .streams());
            final int streamId = catalog.resolve(create);
            out().println("created stream " + create + " (id " + streamId + ", " + catalog.partitionsOf(streamId) +
                " partitions) at engine sequence " + engineSequence);
        }
        out().flush();
        return 0;
    }

    /**
     * The running node's own table, from its log server (as of the engine sequence it names).
     */
    private int listRemote()
    {
        final StreamsListing listing;
        try (StreamFlowClient client = clientOptions.connect())
        {
            listing = client.listStreams(TimeUnit.SECONDS.toNanos(10));
        }
        final StreamCatalog catalog = null != streams ? StreamCatalog.parse(streams) :
            StreamCatalog.parse(listing.streams());
        final Map<Long, PartitionState> partitions = new TreeMap<>();
        for (final StreamsListing.Partition partition : listing.partitions())
        {
            final PartitionState state = new PartitionState();
            state.firstOffset = partition.firstOffset();
            state.endOffset = partition.endOffset();
            state.records = partition.endOffset() - partition.firstOffset();
            state.lastTimestampNs = partition.lastAppendNs();
            partitions.put(key(partition.streamId(), partition.partition()), state);
        }
        if (json)
        {
            printJson(catalog, partitions, listing.engineSequence());
        }
        else
        {
            out().println("as of engine sequence " + listing.engineSequence());
            printTable(catalog, partitions);
        }
        out().flush();
        return 0;
    }

    private void printTable(final StreamCatalog catalog, final Map<Long, PartitionState> partitions)
    {
        final PrintWriter out = out();
        out.printf("%-16s %6s %9s %12s %12s %12s  %s%n",
            "stream", "id", "partition", "first_offset", "end_offset", "records", "last_appended");
        for (final Map.Entry<Long, PartitionState> e : partitions.entrySet())
        {
            final int streamId = (int)(e.getKey() >>> 32);
            final PartitionState state = e.getValue();
            out.printf("%-16s %6d %9d %12d %12d %12d  %s%n",
                JournalStreams.nameOf(catalog, streamId), streamId, (int)(long)e.getKey(), firstOffset(state),
                state.endOffset, state.records, state.lastTimestampNs < 0 ? "-" : instant(state.lastTimestampNs));
        }
    }

    private void printJson(
        final StreamCatalog catalog, final Map<Long, PartitionState> partitions, final long engineSequence)
    {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        if (NOT_REMOTE != engineSequence)
        {
            root.put("engine_sequence", engineSequence);
        }
        final ArrayNode list = root.putArray("partitions");
        for (final Map.Entry<Long, PartitionState> e : partitions.entrySet())
        {
            final int streamId = (int)(e.getKey() >>> 32);
            final PartitionState state = e.getValue();
            final ObjectNode partition = list.addObject()
                .put("stream", JournalStreams.nameOf(catalog, streamId))
                .put("id", streamId)
                .put("partition", (int)(long)e.getKey())
                .put("partitions", catalog.contains(streamId) ? catalog.partitionsOf(streamId) : 0)
                .put("first_offset", firstOffset(state))
                .put("end_offset", state.endOffset)
                .put("records", state.records);
            if (state.lastTimestampNs >= 0)
            {
                partition.put("last_appended", instant(state.lastTimestampNs));
            }
        }
        out().println(root.toString());
    }

    /**
     * The newest snapshot holds every partition's next offset when it was taken: a partition whose records retention
     * has dropped from the journal still has its end offset.
     */
    private void readSnapshotOffsets(final Map<Long, PartitionState> partitions)
    {
        final SnapshotStore.Snapshot snapshot = new SnapshotStore(new File(dir, "snapshots"))
            .newest(System.getLogger(StreamsCommand.class.getName()));
        if (null == snapshot)
        {
            return;
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(snapshot.state(), 0);
        if (header.schemaId() != EngineStateDecoder.SCHEMA_ID || header.templateId() != EngineStateDecoder.TEMPLATE_ID)
        {
            return;
        }
        final EngineStateDecoder state = new EngineStateDecoder().wrapAndApplyHeader(snapshot.state(), 0, header);
        for (final EngineStateDecoder.PartitionsDecoder partition : state.partitions())
        {
            partitions.computeIfAbsent(key(partition.streamId(), partition.partition()), (k) -> new PartitionState())
                .endOffset = partition.nextOffset();
        }
    }

    /**
     * A partition whose journal holds none of its records starts where it ends, as a Kafka log whose segments were
     * all deleted.
     */
    private static long firstOffset(final PartitionState state)
    {
        return state.firstOffset < 0 ? state.endOffset : state.firstOffset;
    }


    private static String instant(final long timestampNs)
    {
        return Instant.ofEpochSecond(0, timestampNs).toString();
    }

    private static long key(final int streamId, final int partition)
    {
        return ((long)streamId << 32) | partition;
    }
}
