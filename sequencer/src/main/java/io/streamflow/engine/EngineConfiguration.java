package io.streamflow.engine;

import io.streamflow.journal.RetentionPolicy;
import io.streamflow.journal.StreamCompactor;
import io.streamflow.protocol.ProtocolDefaults;

import java.util.concurrent.TimeUnit;

/**
 * Property names and defaults of the engine core, whatever front door hosts it. Each default can be overridden by
 * the system property of the same name, read once when an {@link Engine.Context} is created.
 */
public final class EngineConfiguration
{
    /** Directory of the node's journal and state. */
    public static final String DIR_PROP_NAME = "streamflow.dir";
    /** Default node directory. */
    public static final String DIR_DEFAULT = "streamflow-data";

    /** Slots in the pipeline ring, a power of two. */
    public static final String RING_SIZE_PROP_NAME = "streamflow.ring.size";
    /**
     * Default ring size. Each slot holds a whole message (up to the longest accepted) and its answers, so a slot
     * spans pages: 8,192 slots touched 16,000 pages in turn and missed the TLB and the caches on every stage's visit
     * (orders through the node 0.79 M/s, against 1.04–1.09 M/s at 2,048–256 slots, perf/README.md). A burst larger
     * than the ring waits in the ingress publication's term, not lost.
     */
    public static final int RING_SIZE_DEFAULT = 1024;

    /** Longest ingress message accepted, header included. */
    public static final String MAX_MESSAGE_LENGTH_PROP_NAME = "streamflow.max.message.length";
    /** Default longest message. */
    public static final int MAX_MESSAGE_LENGTH_DEFAULT = 4096;

    /** Most clients the node remembers. */
    public static final String MAX_CLIENTS_PROP_NAME = "streamflow.max.clients";
    /** Default most clients. */
    public static final int MAX_CLIENTS_DEFAULT = 1024;

    /**
     * Client sequences remembered per client to answer resends with the original engine sequence: a power of
     * two, at most {@link #DEDUP_WINDOW_MAX}.
     */
    public static final String DEDUP_WINDOW_PROP_NAME = "streamflow.dedup.window";
    /** Default dedup window, a power of two. */
    public static final int DEDUP_WINDOW_DEFAULT = 4096;

    /** Streams of the node, as {@code name=id,...}. */
    public static final String STREAMS_PROP_NAME = "streamflow.streams";
    /** Default streams. */
    public static final String STREAMS_DEFAULT = ProtocolDefaults.STREAMS;

    /** Chronicle roll cycle of the journal (a segment per cycle). */
    public static final String JOURNAL_ROLL_CYCLE_PROP_NAME = "streamflow.journal.roll.cycle";
    /** Default roll cycle. */
    public static final String JOURNAL_ROLL_CYCLE_DEFAULT = "FAST_DAILY";

    /**
     * Sync each batch of journal entries to the storage device before it is acknowledged, so that what was
     * acknowledged survives a power failure, not only the process being killed. Costs an fsync per batch.
     */
    public static final String JOURNAL_SYNC_PROP_NAME = "streamflow.journal.sync";

    /**
     * Fault in the journal writer's pages ahead of it from a thread of its own that parks between steps, so that the
     * writer does not take a page fault per fresh page itself. Default true; false leaves the faults to the writer.
     */
    public static final String JOURNAL_PREFAULT_PROP_NAME = "streamflow.journal.prefault";

    /** Whether the operators' outputs are logged beside the journal (true unless set to false). */
    public static final String OUTPUT_LOG_PROP_NAME = "streamflow.output.log";

    /** Retention: sealed cycles whose last entry is older are dropped (e.g. {@code 7d}); unset keeps them. */
    public static final String JOURNAL_RETENTION_AGE_PROP_NAME = "streamflow.journal.retention.age";
    /** Retention: the oldest sealed cycles are dropped while the journal takes more (e.g. {@code 100GB}). */
    public static final String JOURNAL_RETENTION_BYTES_PROP_NAME = "streamflow.journal.retention.bytes";
    /** Retention: drop cycles past the limits even when recovery from the snapshot still needs them. */
    public static final String JOURNAL_RETENTION_FORCE_PROP_NAME = "streamflow.journal.retention.force";

    /**
     * How long an empty consumer group is kept with its committed offsets (Kafka's {@code offsets.retention.minutes}):
     * an age such as {@code 7d}, or {@code forever}.
     */
    public static final String GROUP_OFFSETS_RETENTION_PROP_NAME = "streamflow.groups.offsets.retention";
    /** Default: 7 days, Kafka's. */
    public static final long GROUP_OFFSETS_RETENTION_DEFAULT_NS = TimeUnit.DAYS.toNanos(7);

    /** Streams to compact (Kafka's {@code cleanup.policy=compact}), by name or id, comma separated; none unset. */
    public static final String COMPACT_STREAMS_PROP_NAME = "streamflow.compact.streams";
    /** How long compaction keeps a tombstone after it was appended (Kafka's {@code delete.retention.ms}): an age. */
    public static final String COMPACTION_DELETE_RETENTION_PROP_NAME = "streamflow.compaction.delete.retention";

    /** Age after which a sealed journal cycle moves to the cold tier, compressed (e.g. {@code 2d}); unset never. */
    public static final String JOURNAL_COLD_AFTER_PROP_NAME = "streamflow.journal.cold.after";

    /** Commands between engine snapshots; 0 for a snapshot only when the node closes. */
    public static final String SNAPSHOT_INTERVAL_PROP_NAME = "streamflow.snapshot.interval";
    /** Default snapshot interval. */
    public static final long SNAPSHOT_INTERVAL_DEFAULT = 1_000_000;

    /** Largest dedup window: a snapshot lists a client's remembered commands in a group of at most 65535. */
    public static final int DEDUP_WINDOW_MAX = 32768;

    private EngineConfiguration()
    {
    }

    static String dir()
    {
        return System.getProperty(DIR_PROP_NAME, DIR_DEFAULT);
    }

    static int ringSize()
    {
        return Integer.getInteger(RING_SIZE_PROP_NAME, RING_SIZE_DEFAULT);
    }

    static int maxMessageLength()
    {
        return Integer.getInteger(MAX_MESSAGE_LENGTH_PROP_NAME, MAX_MESSAGE_LENGTH_DEFAULT);
    }

    static int maxClients()
    {
        return Integer.getInteger(MAX_CLIENTS_PROP_NAME, MAX_CLIENTS_DEFAULT);
    }

    static int dedupWindow()
    {
        return Integer.getInteger(DEDUP_WINDOW_PROP_NAME, DEDUP_WINDOW_DEFAULT);
    }

    static String streams()
    {
        return System.getProperty(STREAMS_PROP_NAME, STREAMS_DEFAULT);
    }

    static String journalRollCycle()
    {
        return System.getProperty(JOURNAL_ROLL_CYCLE_PROP_NAME, JOURNAL_ROLL_CYCLE_DEFAULT);
    }

    static boolean journalSync()
    {
        return Boolean.getBoolean(JOURNAL_SYNC_PROP_NAME);
    }

    static RetentionPolicy journalRetention()
    {
        final String age = System.getProperty(JOURNAL_RETENTION_AGE_PROP_NAME);
        final String bytes = System.getProperty(JOURNAL_RETENTION_BYTES_PROP_NAME);
        return new RetentionPolicy(null == age ? 0 : RetentionPolicy.parseAge(age), null == bytes ? 0 :
            RetentionPolicy.parseBytes(bytes), Boolean.getBoolean(JOURNAL_RETENTION_FORCE_PROP_NAME));
    }

    static long groupOffsetsRetentionNs()
    {
        final String age = System.getProperty(GROUP_OFFSETS_RETENTION_PROP_NAME);
        return null == age ? GROUP_OFFSETS_RETENTION_DEFAULT_NS : parseGroupOffsetsRetention(age);
    }

    /**
     * @param text an age such as {@code 7d} ({@link RetentionPolicy#parseAge}), or {@code forever}.
     * @return it in nanoseconds, 0 for ever.
     */
    public static long parseGroupOffsetsRetention(final String text)
    {
        return "forever".equalsIgnoreCase(text.trim()) ? 0 : RetentionPolicy.parseAge(text);
    }

    static long journalColdAfterNs()
    {
        final String age = System.getProperty(JOURNAL_COLD_AFTER_PROP_NAME);
        return null == age ? 0 : RetentionPolicy.parseAge(age);
    }

    static String compactStreams()
    {
        return System.getProperty(COMPACT_STREAMS_PROP_NAME, "");
    }

    static long compactionDeleteRetentionNs()
    {
        final String age = System.getProperty(COMPACTION_DELETE_RETENTION_PROP_NAME);
        return null == age ? StreamCompactor.DEFAULT_DELETE_RETENTION_NS : RetentionPolicy.parseAge(age);
    }

    static boolean outputLog()
    {
        return Boolean.parseBoolean(System.getProperty(OUTPUT_LOG_PROP_NAME, "true"));
    }

    static boolean journalPrefault()
    {
        return Boolean.parseBoolean(System.getProperty(JOURNAL_PREFAULT_PROP_NAME, "true"));
    }

    static long snapshotInterval()
    {
        return Long.getLong(SNAPSHOT_INTERVAL_PROP_NAME, SNAPSHOT_INTERVAL_DEFAULT);
    }
}
