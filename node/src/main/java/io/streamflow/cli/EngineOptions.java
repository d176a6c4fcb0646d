package io.streamflow.cli;

import io.streamflow.engine.Engine;
import io.streamflow.engine.EngineConfiguration;
import io.streamflow.engine.Principals;
import io.streamflow.journal.Journal;
import io.streamflow.journal.RetentionPolicy;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.protocol.StreamCatalog;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.List;

/**
 * Options of the engine every node runs, standalone ({@code node}, {@code demo}) or a cluster member
 * ({@code cluster-node}): streams, ring, journal, snapshots, pipelines, credentials and the matcher. Each defaults to
 * the engine's configured default (system property or built-in).
 */
final class EngineOptions
{
    @Option(names = "--streams", description = "Streams as name=id[:partitions],... Default: " +
        EngineConfiguration.STREAMS_DEFAULT)
    String streams;

    @Option(names = "--journal-roll-cycle", description = "How often the journal starts a new cycle file (segment): " +
        "one of Chronicle Queue's roll cycles, e.g. FAST_HOURLY, FIVE_MINUTELY, FAST_DAILY. A journal keeps the roll " +
        "cycle it was created with. Default: " + EngineConfiguration.JOURNAL_ROLL_CYCLE_DEFAULT + ".")
    String journalRollCycle;

    @Option(names = "--ring-size", description = "Slots in the pipeline ring, a power of two.")
    Integer ringSize;

    @Option(names = "--snapshot-interval", description = "Commands between snapshots, 0 for one at " +
        "shutdown only (a cluster: none on a schedule). Default: " + EngineConfiguration.SNAPSHOT_INTERVAL_DEFAULT)
    Long snapshotInterval;

    @Option(names = "--sync-journal", description = "Sync each batch of journal entries to the storage device " +
        "before acknowledging it: what was acknowledged then survives a power failure, at the cost of an fsync per " +
        "batch. Default: entries survive the node being killed, and reach the device as the kernel writes them back.")
    boolean syncJournal;

    @Option(names = "--no-journal-prefault", description = "Leave the journal's page faults to the journal writer. " +
        "Default: a thread of its own, which parks between steps and keeps off the node's pinned CPUs, faults in " +
        "the pages ahead of the writer.")
    boolean noJournalPrefault;

    @Option(names = "--no-output-log", description = "Publish the pipelines' results and market data only to live " +
        "subscribers. Default: also log them beside the journal (DIR/outputs), for consumers that come later.")
    boolean noOutputLog;

    @Option(names = "--retention-age", description = "Drop sealed journal cycles whose last entry is older than " +
        "this (e.g. 7d, 12h, 30m), oldest first; never one that recovery from the snapshot still needs, nor one with " +
        "records a consumer group has not read. Default: keep every cycle.")
    String retentionAge;

    @Option(names = "--retention-bytes", description = "Drop the oldest sealed journal cycles while the journal's " +
        "cycle files take more than this (e.g. 100GB); never one that recovery from the snapshot or a consumer group " +
        "still needs.")
    String retentionBytes;

    @Option(names = "--retention-force", description = "With --retention-age or --retention-bytes: drop cycles past " +
        "the limits even when recovery from the snapshot or a consumer group still needs them (counted, and logged " +
        "as a WARNING).")
    boolean retentionForce;

    @Option(names = "--group-offsets-retention", description = "How long a consumer group is kept with its committed " +
        "offsets once its last member has left or expired (Kafka's offsets.retention.minutes): an age (e.g. 7d, " +
        "12h) or 'forever'. Default: 7d.")
    String groupOffsetsRetention;

    @Option(names = "--cold-after", description = "Move sealed journal cycles whose last entry is older than this " +
        "(e.g. 2d) to the cold tier, DIR/journal/cold, compressed with zstd; reads stay transparent. Never one that " +
        "recovery from the snapshot still needs. Default: never.")
    String coldAfter;

    @Option(names = "--compact", description = "Streams to compact, by name or id, comma separated (Kafka's " +
        "cleanup.policy=compact): each time journal cycles are sealed, the newest record of each key per partition " +
        "goes to the stream's compacted version (DIR/journal/compacted), and retention drops no cycle before " +
        "compaction has covered its records. Default: none.")
    String compact;

    @Option(names = "--compaction-delete-retention", description = "How long compaction keeps a tombstone (a " +
        "record with a key and an empty payload) after it was appended, so that consumers see the delete (Kafka's " +
        "delete.retention.ms). Default: 1d.")
    String compactionDeleteRetention;

    @Option(names = "--pipelines", split = ",", description = "Pipelines to run over the records of their streams, " +
        "by name (see 'streamflow pipelines'), e.g. nexmark-q5,telemetry.")
    List<String> pipelines;

    @Option(names = "--credentials", description = "Credentials file (see 'streamflow credentials'): clients must " +
        "authenticate, and act only for their own client ids and accounts. Default: none, the node is open.")
    File credentials;

    @Mixin
    MatcherOptions matcher;

    /**
     * @param ctx of the engine.
     * @return the context with these options applied; the operator is {@link #operatorContext}'s.
     */
    Engine.Context applyTo(final Engine.Context ctx)
    {
        if (null != credentials)
        {
            ctx.principals(Principals.load(credentials));
        }
        if (syncJournal)
        {
            ctx.journalSync(true);
        }
        if (noJournalPrefault)
        {
            ctx.journalPrefault(false);
        }
        if (noOutputLog)
        {
            ctx.outputLog(false);
        }
        if (null != retentionAge || null != retentionBytes)
        {
            ctx.journalRetention(new RetentionPolicy(null == retentionAge ? 0 : RetentionPolicy.parseAge(retentionAge),
                null == retentionBytes ? 0 : RetentionPolicy.parseBytes(retentionBytes), retentionForce));
        }
        if (null != groupOffsetsRetention)
        {
            ctx.groupOffsetsRetentionNs(EngineConfiguration.parseGroupOffsetsRetention(groupOffsetsRetention));
        }
        if (null != coldAfter)
        {
            ctx.journalColdAfterNs(RetentionPolicy.parseAge(coldAfter));
        }
        if (null != compact)
        {
            ctx.compactStreams(compact);
        }
        if (null != compactionDeleteRetention)
        {
            ctx.compactionDeleteRetentionNs(RetentionPolicy.parseAge(compactionDeleteRetention));
        }
        if (null != snapshotInterval)
        {
            ctx.snapshotInterval(snapshotInterval);
        }
        if (null != streams)
        {
            ctx.streams(streams);
        }
        if (null != journalRollCycle)
        {
            Journal.rollCycle(journalRollCycle);
            ctx.journalRollCycle(journalRollCycle);
        }
        if (null != ringSize)
        {
            ctx.ringSize(ringSize);
        }
        return ctx;
    }

    /**
     * @param ctx of the engine, its streams already set.
     * @return the standard operator as the options give it: the matcher's instruments and capacity, the pipelines,
     * over the engine's streams.
     */
    StandardOperator.Context operatorContext(final Engine.Context ctx)
    {
        final StandardOperator.Context operator = matcher.applyTo(new StandardOperator.Context())
            .streamIdsByName(StreamCatalog.parse(ctx.streams()).idsByName());
        if (null != pipelines)
        {
            operator.pipelines(pipelines);
        }
        return operator;
    }
}
