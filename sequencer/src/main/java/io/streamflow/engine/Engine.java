package io.streamflow.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalAppender;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalPrefaulter;
import io.streamflow.journal.JournalWriter;
import io.streamflow.journal.OutputLog;
import io.streamflow.journal.RetentionPolicy;
import io.streamflow.journal.StreamsFile;
import io.streamflow.operators.AcknowledgingRouter;
import io.streamflow.operators.Operator;
import io.streamflow.protocol.IngressValidator;
import io.streamflow.protocol.StreamCatalog;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The StreamFlow engine, independent of how commands arrive and how answers leave. A front door (the standalone
 * node's Aeron ingress, an Aeron Cluster service) feeds {@link #admission()} on its one ingress thread and runs the
 * stages, in this order, on threads of its choosing:
 * <pre>
 *   front door -&gt; Admission -&gt; ring -&gt; JournalStage -&gt; OperatorStage -&gt; EgressStage -&gt; Egress
 *                 validate,             journal before   operator host,   answers in      the front
 *                 session, dedup,       any effect       snapshots        engine order    door's
 *                 sequence, time
 * </pre>
 * On launch the engine recovers (newest snapshot, then the journal after it) before it hands out its admission, so
 * that no message is taken before the state it depends on is rebuilt.
 * <p>
 * The stages are {@link Agent}s: run each on its own thread, or all as one composite on one thread, or invoke them in
 * lock step; the engine starts no thread. Closing the stages' agents (their runner does) appends the last entries,
 * takes a snapshot and closes the egress; {@link #close()} then closes the journal.
 */
public final class Engine implements AutoCloseable
{
    private static final int STAGE_BATCH_LIMIT = 1024;

    private final Context ctx;
    private final Journal journal;
    private final RingBuffer<RingSlot> ring;
    private final RingConsumer lastStage;
    private final Admission admission;
    private final JournalStage journalStage;
    private final JournalPrefaulter journalPrefaulter;
    private final OperatorStage operatorStage;
    private final EgressStage egressStage;
    private final EngineRecovery.Result recovery;
    private final OutputLog outputLog;
    private final DedupTable[] dedups;
    private final PartitionOffsets[] offsets;
    private final GroupCoordinator operator;
    private final PublishedStreams publishedStreams;

    private Engine(final Context ctx)
    {
        this.ctx = ctx;
        final PartitionOffsets admittedOffsets = new PartitionOffsets(ctx.streamCatalog());
        final PartitionOffsets appliedOffsets = new PartitionOffsets(ctx.streamCatalog());
        offsets = new PartitionOffsets[]{ admittedOffsets, appliedOffsets };
        operator = new GroupCoordinator(ctx.operator(), appliedOffsets, ctx.groupOffsetsRetentionNs());
        publishedStreams = new PublishedStreams(ctx.journalDir(), ctx.errorHandler());
        final int slotLength = BitUtil.align(JournalEntryLayout.FRAMING_LENGTH + ctx.maxMessageLength(), 64);
        journal = Journal.open(ctx.journalDir(), ctx.journalRollCycle());
        OutputLog outputs = null;
        try
        {
            outputs = ctx.outputLog() ?
                OutputLog.open(ctx.outputLogDir(), ctx.journalRollCycle(), ctx.operator().outputStreamIds()) : null;
            final DedupTable admitted = new DedupTable(ctx.dedupWindow(), ctx.maxClients());
            final DedupTable applied = new DedupTable(ctx.dedupWindow(), ctx.maxClients());
            dedups = new DedupTable[]{ admitted, applied };
            final SnapshotStore snapshots = ctx.stateFromHost() ? null : new SnapshotStore(ctx.snapshotDir());
            recovery = ctx.stateFromHost() ?
                EngineRecovery.checkForHost(journal, operator, ctx.logger()) :
                EngineRecovery.recover(journal, snapshots, dedups, offsets, operator, outputs,
                    ctx.replayWholeJournal(), ctx.logger());
            operator.countWith(ctx.counters());
            for (final String note : appliedOffsets.passedOver())
            {
                ctx.logger().log(System.Logger.Level.WARNING, note);
            }
            publishedStreams.publish(appliedOffsets.catalog());

            final UnsafeBuffer slots = new UnsafeBuffer(
                BufferUtil.allocateDirectAligned(slotLength * ctx.ringSize(), 64));
            final int[] nextSlot = new int[1];
            ring = RingBuffer.createSingleProducer(
                () -> new RingSlot(new UnsafeBuffer(slots, slotLength * nextSlot[0]++, slotLength)),
                ctx.ringSize(),
                new BusySpinWaitStrategy());

            admission = new Admission(
                ring,
                new IngressValidator(ctx.maxMessageLength()),
                admitted,
                admittedOffsets,
                ctx.counters(),
                ctx.principals(),
                recovery.nextEngineSequence(),
                recovery.lastTimestampNs());

            // The stage order, top to bottom: each stage sees a slot only after the one above has released it.
            final RingStages stages = new RingStages(ring, STAGE_BATCH_LIMIT);
            final JournalWriter writer = journal.newWriter(ctx.journalSync());
            journalPrefaulter = writer.prefaulter();
            journalStage = new JournalStage(
                stages.next(), ctx.journalAppenderWrapper().apply(writer),
                ctx.counters(), ctx.errorHandler(), ctx.journalSync());
            operatorStage = new OperatorStage(
                stages.next(), operator, applied, appliedOffsets, ctx.counters(), ctx.errorHandler(),
                snapshots, ctx.snapshotInterval(), recovery, outputs, publishedStreams);
            egressStage = new EgressStage(stages.next(), ctx.egress());
            lastStage = stages.gateOnLast();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(outputs);
            CloseHelper.quietClose(journal);
            throw ex;
        }
        outputLog = outputs;
    }

    /**
     * Open the journal, recover, and assemble the stages.
     *
     * @param ctx configuration; concluded here.
     * @return the engine, ready for its front door.
     * @throws IllegalStateException when the state cannot be recovered; the message says what to do.
     */
    public static Engine launch(final Context ctx)
    {
        ctx.conclude().requireFrontDoorParts();
        return new Engine(ctx);
    }

    /**
     * @return the engine's configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * @return where the front door hands every message, on its one ingress thread.
     */
    public Admission admission()
    {
        return admission;
    }

    /**
     * @return the stages in their order on the ring: journal, operator, egress.
     */
    public List<Agent> stages()
    {
        return List.of(journalStage, operatorStage, egressStage);
    }

    /**
     * @return the agent that faults in the journal writer's pages ahead of it: for a thread other than the journal
     * stage's, or for none.
     */
    public JournalPrefaulter journalPrefaulter()
    {
        return journalPrefaulter;
    }

    /**
     * @return the node's streams, the configured ones and those created since, as the operator stage has applied
     * them: read from any thread.
     */
    public PublishedStreams streams()
    {
        return publishedStreams;
    }

    /**
     * @return the lowest offset any consumer group has committed per stream partition, published as groups commit:
     * what holds journal retention back ({@code JournalSealer}), read from any thread.
     */
    public CommittedOffsets committedOffsets()
    {
        return operator.committedOffsets();
    }

    /**
     * The consumer groups as the engine has them, for a thread of the host's own that lists them (never a stage's):
     * restored from the newest snapshot, then kept up to date from a journal reader of its own. Close it on that
     * thread, before the engine.
     *
     * @return the groups, to catch up with the journal as it grows.
     */
    public ConsumerGroupsReader.Live newConsumerGroupsReader()
    {
        return ConsumerGroupsReader.live(ctx.streamCatalog(), ctx.groupOffsetsRetentionNs(),
            ctx.stateFromHost() ? null : new SnapshotStore(ctx.snapshotDir()), newJournalReader(), ctx.logger());
    }

    /**
     * A reader of the journal the engine appends to, for a thread of the host's own that serves consumers (never a
     * stage's): it reads what the journal stage has appended, live. Close it on that thread, before the engine.
     *
     * @return a reader positioned at the start of the journal.
     */
    public JournalReader newJournalReader()
    {
        return journal.newReader();
    }

    /**
     * A reader of the output log the operator stage appends to, for a thread of the host's own (as
     * {@link #newJournalReader()}).
     *
     * @return a reader positioned at the start of the output log, or null when the engine logs no outputs.
     */
    public JournalReader newOutputLogReader()
    {
        return null == outputLog ? null : outputLog.newReader();
    }

    /**
     * @return the journal stage's agent.
     */
    public Agent journalStage()
    {
        return journalStage;
    }

    /**
     * @return the operator stage's agent.
     */
    public Agent operatorStage()
    {
        return operatorStage;
    }

    /**
     * @return the egress stage's agent.
     */
    public Agent egressStage()
    {
        return egressStage;
    }

    /**
     * @return true when every slot admission has published has passed the last stage. Any thread.
     */
    public boolean isDrained()
    {
        return lastStage.sequence().get() >= ring.getCursor();
    }

    /**
     * @return true when every command admission has published has been applied by the operator (its answers may
     * still be on their way out): the state is that of the last command admitted. Any thread.
     */
    public boolean isApplied()
    {
        return operatorStage.sequence() >= ring.getCursor();
    }

    /**
     * Restore the whole engine state from a snapshot, for a host that owns the state ({@link
     * Context#stateFromHost(boolean)}): before the first message, on the thread that runs admission and the stages.
     *
     * @param buffer holding a snapshot as {@link #encodeState} wrote it.
     * @param offset of the snapshot.
     * @param length of the snapshot.
     * @throws IllegalStateException when a message came before, or the snapshot is damaged, of another format, or
     *                               restores to another state hash than it recorded.
     */
    public void restoreState(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!ctx.stateFromHost())
        {
            throw new IllegalStateException("the engine owns its state: only a host that owns it restores it");
        }
        if (ring.getCursor() != RingBuffer.INITIAL_CURSOR_VALUE)
        {
            throw new IllegalStateException("the state is restored before the first message, not after");
        }
        final SnapshotCodec.Decoded snapshot;
        try
        {
            snapshot = new SnapshotCodec().decode(buffer, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("the host's snapshot is damaged: " + ex.getMessage(), ex);
        }
        final EngineStateCodec codec = new EngineStateCodec();
        final DirectBuffer state = snapshot.state();
        final String fault = codec.fault(state, 0, state.capacity());
        if (null != fault)
        {
            throw new IllegalStateException("the host's snapshot is not an engine state of this format: " + fault);
        }
        codec.decode(state, 0, state.capacity(), dedups, offsets, operator);
        final long hash = operator.stateHash();
        if (null == operator.restoreChanges() && hash != snapshot.stateHash())
        {
            throw new IllegalStateException("the host's snapshot of engine sequence " + snapshot.engineSequence() +
                " restores to state hash " + Long.toHexString(hash) + ", not the " +
                Long.toHexString(snapshot.stateHash()) + " it recorded: the operator is configured differently");
        }
        admission.restore(snapshot.engineSequence() + 1, snapshot.timestampNs());
        operatorStage.restore(snapshot.engineSequence(), snapshot.timestampNs());
        publishedStreams.publish(offsets[1].catalog());
        ctx.logger().log(System.Logger.Level.INFO, "state restored by the host: engine sequence " +
            snapshot.engineSequence() + ", " + dedups[1].clientCount() + " clients, state hash " +
            Long.toHexString(hash));
    }

    /**
     * Encode the whole engine state, for a host that owns it, once every command admitted has been applied ({@link
     * #isApplied()}): on the thread that runs admission and the stages.
     *
     * @param out to encode into, from offset 0; grows as needed.
     * @return length of the snapshot; {@link #restoreState} takes it back.
     * @throws IllegalStateException when a command admitted is not yet applied.
     */
    public int encodeState(final ExpandableArrayBuffer out)
    {
        if (!isApplied())
        {
            throw new IllegalStateException("a snapshot is taken once every command admitted has been applied");
        }
        return operatorStage.encodeState(out);
    }

    /**
     * @return commands whose effects launch recovered (from the snapshot and the journal after it): the engine
     * sequence the first new command gets.
     */
    public long recoveredEntries()
    {
        return recovery.nextEngineSequence();
    }

    /**
     * @return engine sequence of the snapshot the engine was restored from at launch, -1 for none.
     */
    public long restoredSnapshotSequence()
    {
        return recovery.snapshotSequence();
    }

    /**
     * @return commands replayed from the journal at launch, after the snapshot.
     */
    public long replayedCommands()
    {
        return recovery.replayed();
    }

    /**
     * @return the operator's state hash once launch had rebuilt it, before any new command.
     */
    public long recoveredStateHash()
    {
        return recovery.stateHash();
    }

    /**
     * @return true when launch found and cleared the remnant of a torn entry.
     */
    public boolean recoveredTornTail()
    {
        return null != recovery.tornTail();
    }

    /**
     * Close the journal. Close the stages' agents first (their runner or invoker does), so that the last entries are
     * appended and the closing snapshot written.
     */
    public void close()
    {
        CloseHelper.closeAll(outputLog, journal);
    }

    /**
     * Configuration of the engine. Defaults come from {@link EngineConfiguration} and system properties; the front
     * door gives the counters, the error handler and the egress; {@link #conclude()} validates the whole once.
     */
    public static final class Context
    {
        private File dir = new File(EngineConfiguration.dir());
        private int ringSize = EngineConfiguration.ringSize();
        private int maxMessageLength = EngineConfiguration.maxMessageLength();
        private int maxClients = EngineConfiguration.maxClients();
        private int dedupWindow = EngineConfiguration.dedupWindow();
        private String streams = EngineConfiguration.streams();
        private String journalRollCycle = EngineConfiguration.journalRollCycle();
        private long snapshotInterval = EngineConfiguration.snapshotInterval();
        private boolean journalSync = EngineConfiguration.journalSync();
        private boolean journalPrefault = EngineConfiguration.journalPrefault();
        private boolean outputLog = EngineConfiguration.outputLog();
        private RetentionPolicy journalRetention = EngineConfiguration.journalRetention();
        private long groupOffsetsRetentionNs = EngineConfiguration.groupOffsetsRetentionNs();
        private long journalColdAfterNs = EngineConfiguration.journalColdAfterNs();
        private String compactStreams = EngineConfiguration.compactStreams();
        private long compactionDeleteRetentionNs = EngineConfiguration.compactionDeleteRetentionNs();
        private int[] compactedStreamIds;
        private Operator operator;
        private System.Logger logger = System.getLogger("io.streamflow.node");
        private NodeCounters counters;
        private ErrorHandler errorHandler;
        private Egress egress;
        private UnaryOperator<JournalAppender> journalAppenderWrapper = UnaryOperator.identity();
        private Principals principals;
        private boolean replayWholeJournal;
        private boolean stateFromHost;

        private StreamCatalog streamCatalog;
        private RollCycle rollCycle;
        private boolean isConcluded;

        /**
         * Validate the configuration and derive what follows from it. Called by {@link #launch(Context)}.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming the first setting that is wrong.
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                return this;
            }

            require(null != dir, "dir must be set");
            require(ringSize >= 2 && Integer.bitCount(ringSize) == 1, "ring size must be a power of two: " + ringSize);
            require(maxMessageLength >= 64 && maxMessageLength <= 1024 * 1024,
                "max message length must be in [64, 1 MiB]: " + maxMessageLength);
            require(maxClients > 0, "max clients must be positive: " + maxClients);
            require(dedupWindow > 0 && Integer.bitCount(dedupWindow) == 1 &&
                dedupWindow <= EngineConfiguration.DEDUP_WINDOW_MAX,
                "dedup window must be a power of two up to " + EngineConfiguration.DEDUP_WINDOW_MAX + ": " +
                dedupWindow);
            require(snapshotInterval >= 0, "snapshot interval must not be negative: " + snapshotInterval);
            require(!(stateFromHost && replayWholeJournal), "a host that owns the state replays it itself: " +
                "replaying the whole journal does not apply");
            require(null != journalAppenderWrapper, "journal appender wrapper must be set");
            streamCatalog = StreamCatalog.parse(streams);
            rollCycle = Journal.rollCycle(journalRollCycle);
            require(compactionDeleteRetentionNs >= 0, "compaction delete retention must not be negative");
            require(journalColdAfterNs >= 0, "the cold tier's age must not be negative");
            // A stream created at run time is named from what the node recorded beside its journal at its last run.
            final StreamCatalog known = compactStreams.isBlank() || null == dir ? streamCatalog : recordedStreams();
            compactedStreamIds = compactStreams.isBlank() ? new int[0] : Arrays.stream(compactStreams.split(","))
                .map(String::trim).mapToInt((name) ->
                {
                    final int id = known.resolve(name);
                    require(known.contains(id), "no stream " + name + " to compact (streams: " + known.toSpec() +
                        ")");
                    return id;
                }).distinct().toArray();
            if (null == operator)
            {
                operator = new AcknowledgingRouter();
            }
            isConcluded = true;

            return this;
        }

        /**
         * @return the configured streams, and those the node created at run time and recorded in its streams file.
         */
        private StreamCatalog recordedStreams()
        {
            final StreamCatalog recorded;
            try
            {
                recorded = StreamsFile.read(journalDir());
            }
            catch (final IllegalArgumentException ex)
            {
                return streamCatalog;
            }
            if (null == recorded)
            {
                return streamCatalog;
            }
            StreamCatalog known = streamCatalog;
            for (final Map.Entry<String, Integer> stream : recorded.idsByName().entrySet())
            {
                known = known.withIfNew(stream.getKey(), stream.getValue(), recorded.partitionsOf(stream.getValue()));
            }
            return known;
        }

        /**
         * Check what only the front door can give, once it has given it: called by {@link #launch(Context)}.
         */
        private void requireFrontDoorParts()
        {
            require(null != counters, "counters must be given by the front door");
            require(null != errorHandler, "error handler must be given by the front door");
            require(null != egress, "egress must be given by the front door");
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        /**
         * @param dir of the engine's journal, snapshots and error log.
         * @return this for a fluent API.
         */
        public Context dir(final File dir)
        {
            this.dir = dir;
            return this;
        }

        /**
         * @return directory of the engine's journal, snapshots and error log.
         */
        public File dir()
        {
            return dir;
        }

        /**
         * @return directory of the journal's queue files, under {@link #dir()}.
         */
        public File journalDir()
        {
            return new File(dir, "journal");
        }

        /**
         * @return directory of the output log's queue files, under {@link #dir()}.
         */
        public File outputLogDir()
        {
            return new File(dir, "outputs");
        }

        /**
         * @param outputLog true (the default) to log every output of the operators (pipeline results, market data)
         *                  beside the journal, for consumers that come late or come back (docs/log.md).
         * @return this for a fluent API.
         */
        public Context outputLog(final boolean outputLog)
        {
            this.outputLog = outputLog;
            return this;
        }

        /**
         * @return whether the outputs are logged.
         */
        public boolean outputLog()
        {
            return outputLog;
        }

        /**
         * @return directory of the engine snapshots, under {@link #dir()}.
         */
        public File snapshotDir()
        {
            return new File(dir, "snapshots");
        }

        /**
         * @param ringSize slots in the ring, a power of two.
         * @return this for a fluent API.
         */
        public Context ringSize(final int ringSize)
        {
            this.ringSize = ringSize;
            return this;
        }

        /**
         * @return slots in the ring.
         */
        public int ringSize()
        {
            return ringSize;
        }

        /**
         * @param maxMessageLength longest ingress message accepted, header included.
         * @return this for a fluent API.
         */
        public Context maxMessageLength(final int maxMessageLength)
        {
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        /**
         * @return longest ingress message accepted.
         */
        public int maxMessageLength()
        {
            return maxMessageLength;
        }

        /**
         * @param maxClients most clients remembered.
         * @return this for a fluent API.
         */
        public Context maxClients(final int maxClients)
        {
            this.maxClients = maxClients;
            return this;
        }

        /**
         * @return most clients remembered.
         */
        public int maxClients()
        {
            return maxClients;
        }

        /**
         * @param dedupWindow client sequences remembered per client, a power of two.
         * @return this for a fluent API.
         */
        public Context dedupWindow(final int dedupWindow)
        {
            this.dedupWindow = dedupWindow;
            return this;
        }

        /**
         * @return client sequences remembered per client.
         */
        public int dedupWindow()
        {
            return dedupWindow;
        }

        /**
         * @param streams of the engine as {@code name=id,...}.
         * @return this for a fluent API.
         */
        public Context streams(final String streams)
        {
            this.streams = streams;
            return this;
        }

        /**
         * @return streams of the engine as given.
         */
        public String streams()
        {
            return streams;
        }

        /**
         * @return streams of the engine, after {@link #conclude()}.
         */
        public StreamCatalog streamCatalog()
        {
            return streamCatalog;
        }

        /**
         * @param journalRollCycle name of a Chronicle roll cycle (see {@link Journal#rollCycle(String)}).
         * @return this for a fluent API.
         */
        public Context journalRollCycle(final String journalRollCycle)
        {
            this.journalRollCycle = journalRollCycle;
            return this;
        }

        /**
         * @return the journal's roll cycle, after {@link #conclude()}.
         */
        public RollCycle journalRollCycle()
        {
            return rollCycle;
        }

        /**
         * @param journalSync true to sync each batch of journal entries to the storage device before any of it takes
         *                    effect, so that nothing acknowledged is lost to a power failure; false (the default) for
         *                    entries durable against the process dying, which the kernel writes back in its time.
         * @return this for a fluent API.
         * @see EngineConfiguration#JOURNAL_SYNC_PROP_NAME
         */
        public Context journalSync(final boolean journalSync)
        {
            this.journalSync = journalSync;
            return this;
        }

        /**
         * @return true when each batch of journal entries is synced to the storage device before it takes effect.
         */
        public boolean journalSync()
        {
            return journalSync;
        }

        /**
         * @param journalPrefault true (the default) for the host to run the {@link #journalPrefaulter()} on a
         *                        thread of its own ({@link BackgroundThread}); false to leave the page faults to the
         *                        journal writer.
         * @return this for a fluent API.
         * @see EngineConfiguration#JOURNAL_PREFAULT_PROP_NAME
         */
        public Context journalPrefault(final boolean journalPrefault)
        {
            this.journalPrefault = journalPrefault;
            return this;
        }

        /**
         * @return true when the journal writer's pages are to be faulted in ahead of it by a thread of its own.
         */
        public boolean journalPrefault()
        {
            return journalPrefault;
        }

        /**
         * @param journalRetention which sealed cycles of the journal to drop; {@link RetentionPolicy#KEEP_ALL} (the
         *                         default) for none.
         * @return this for a fluent API.
         * @see EngineConfiguration#JOURNAL_RETENTION_AGE_PROP_NAME
         */
        public Context journalRetention(final RetentionPolicy journalRetention)
        {
            this.journalRetention = journalRetention;
            return this;
        }

        /**
         * @return which sealed cycles of the journal to drop.
         */
        public RetentionPolicy journalRetention()
        {
            return journalRetention;
        }

        /**
         * @param groupOffsetsRetentionNs how long an empty consumer group is kept with its committed offsets; 0 for
         *                                ever. Replay removes groups by it too: give every run of a journal the same.
         * @return this for a fluent API.
         * @see EngineConfiguration#GROUP_OFFSETS_RETENTION_PROP_NAME
         */
        public Context groupOffsetsRetentionNs(final long groupOffsetsRetentionNs)
        {
            this.groupOffsetsRetentionNs = groupOffsetsRetentionNs;
            return this;
        }

        /**
         * @return how long an empty consumer group is kept with its committed offsets, 0 for ever.
         */
        public long groupOffsetsRetentionNs()
        {
            return groupOffsetsRetentionNs;
        }

        /**
         * @param journalColdAfterNs age after which a sealed cycle moves to the journal's cold tier, compressed; 0
         *                           (the default) for never.
         * @return this for a fluent API.
         * @see EngineConfiguration#JOURNAL_COLD_AFTER_PROP_NAME
         */
        public Context journalColdAfterNs(final long journalColdAfterNs)
        {
            this.journalColdAfterNs = journalColdAfterNs;
            return this;
        }

        /**
         * @return age after which a sealed cycle moves to the cold tier, 0 for never.
         */
        public long journalColdAfterNs()
        {
            return journalColdAfterNs;
        }

        /**
         * @param compactStreams streams to compact (Kafka's {@code cleanup.policy=compact}) by name or id, comma
         *                       separated; empty for none (the default).
         * @return this for a fluent API.
         * @see EngineConfiguration#COMPACT_STREAMS_PROP_NAME
         */
        public Context compactStreams(final String compactStreams)
        {
            this.compactStreams = compactStreams;
            return this;
        }

        /**
         * @return ids of the streams to compact, once concluded.
         */
        public int[] compactedStreamIds()
        {
            return compactedStreamIds;
        }

        /**
         * @param compactionDeleteRetentionNs how long compaction keeps a tombstone after it was appended.
         * @return this for a fluent API.
         * @see EngineConfiguration#COMPACTION_DELETE_RETENTION_PROP_NAME
         */
        public Context compactionDeleteRetentionNs(final long compactionDeleteRetentionNs)
        {
            this.compactionDeleteRetentionNs = compactionDeleteRetentionNs;
            return this;
        }

        /**
         * @return how long compaction keeps a tombstone after it was appended.
         */
        public long compactionDeleteRetentionNs()
        {
            return compactionDeleteRetentionNs;
        }

        /**
         * @param snapshotInterval commands between engine snapshots; 0 for one only when the engine closes.
         * @return this for a fluent API.
         */
        public Context snapshotInterval(final long snapshotInterval)
        {
            this.snapshotInterval = snapshotInterval;
            return this;
        }

        /**
         * @return commands between engine snapshots; 0 for one only when the engine closes.
         */
        public long snapshotInterval()
        {
            return snapshotInterval;
        }

        /**
         * @param operator applied to every sequenced command; by default an {@link AcknowledgingRouter}, which
         *                 acknowledges each one and keeps no state.
         * @return this for a fluent API.
         */
        public Context operator(final Operator operator)
        {
            this.operator = operator;
            return this;
        }

        /**
         * @return operator applied to every sequenced command.
         */
        public Operator operator()
        {
            return operator;
        }

        /**
         * @param logger for the engine's own messages.
         * @return this for a fluent API.
         */
        public Context logger(final System.Logger logger)
        {
            this.logger = logger;
            return this;
        }

        /**
         * @return logger for the engine's own messages.
         */
        public System.Logger logger()
        {
            return logger;
        }

        /**
         * @param counters the front door allocated, which the engine's stages write too.
         * @return this for a fluent API.
         */
        public Context counters(final NodeCounters counters)
        {
            this.counters = counters;
            return this;
        }

        /**
         * @return counters of the engine and its front door.
         */
        public NodeCounters counters()
        {
            return counters;
        }

        /**
         * @param errorHandler every stage reports its errors to: counted, over a distinct error log.
         * @return this for a fluent API.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * @return where the stages report their errors.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * @param egress how answers leave: the front door's.
         * @return this for a fluent API.
         */
        public Context egress(final Egress egress)
        {
            this.egress = egress;
            return this;
        }

        /**
         * @return how answers leave.
         */
        public Egress egress()
        {
            return egress;
        }

        /**
         * @param journalAppenderWrapper applied to the journal's writer before the journal stage uses it: to inject
         *                               faults in a test, or to see every append. Identity by default.
         * @return this for a fluent API.
         */
        public Context journalAppenderWrapper(final UnaryOperator<JournalAppender> journalAppenderWrapper)
        {
            this.journalAppenderWrapper = journalAppenderWrapper;
            return this;
        }

        /**
         * @return what the journal's writer is wrapped in.
         */
        public UnaryOperator<JournalAppender> journalAppenderWrapper()
        {
            return journalAppenderWrapper;
        }

        /**
         * @param replayWholeJournal at launch, ignore the snapshots and rebuild the state from the whole journal: for
         *                           a pipeline added to a node to get the history it would have seen (the journal
         *                           must still start at engine sequence 0). Off by default: the newest snapshot,
         *                           then the journal after it.
         * @return this for a fluent API.
         */
        public Context replayWholeJournal(final boolean replayWholeJournal)
        {
            this.replayWholeJournal = replayWholeJournal;
            return this;
        }

        /**
         * @return whether launch ignores the snapshots and replays the whole journal.
         */
        public boolean replayWholeJournal()
        {
            return replayWholeJournal;
        }

        /**
         * @param stateFromHost true when the host owns the state (a clustered node: the cluster's snapshots and log):
         *                      launch then checks the journal without replaying it and starts empty; the host restores
         *                      with {@link Engine#restoreState} and takes snapshots with {@link Engine#encodeState},
         *                      and the engine writes none of its own. False (the default): the engine recovers from
         *                      its own snapshots and journal.
         * @return this for a fluent API.
         */
        public Context stateFromHost(final boolean stateFromHost)
        {
            this.stateFromHost = stateFromHost;
            return this;
        }

        /**
         * @return true when the host owns the state.
         */
        public boolean stateFromHost()
        {
            return stateFromHost;
        }

        /**
         * @param principals who may connect and act for which client ids and accounts; null (the default) for an
         *                   open engine, where anyone may.
         * @return this for a fluent API.
         */
        public Context principals(final Principals principals)
        {
            this.principals = principals;
            return this;
        }

        /**
         * @return who may connect and what each may do, or null when anyone may.
         */
        public Principals principals()
        {
            return principals;
        }

        /**
         * {@inheritDoc}
         */
        public String toString()
        {
            return "dir=" + dir + ", ringSize=" + ringSize + ", maxMessageLength=" + maxMessageLength +
                ", maxClients=" + maxClients + ", dedupWindow=" + dedupWindow + ", streams=" + streams +
                ", rollCycle=" + journalRollCycle + ", journalSync=" + journalSync + ", journalPrefault=" +
                journalPrefault + (journalRetention.isActive() ? ", journalRetention=" + journalRetention : "") +
                ", snapshotInterval=" + snapshotInterval +
                (stateFromHost ? ", state from the host" : "") + ", principals=" +
                (null == principals ? "none (open)" : principals.size()) + ", operator=" +
                (null == operator ? "default" : operator.getClass().getSimpleName());
        }
    }
}
