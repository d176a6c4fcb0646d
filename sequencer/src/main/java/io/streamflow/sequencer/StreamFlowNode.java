package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.streamflow.engine.BackgroundThread;
import io.streamflow.engine.DirectoryLock;
import io.streamflow.engine.Engine;
import io.streamflow.engine.ErrorLog;
import io.streamflow.engine.NodeCounters;
import io.streamflow.engine.Principals;
import io.streamflow.engine.SnapshotStore;
import io.streamflow.journal.JournalSealer;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.journal.JournalAppender;
import io.streamflow.operators.Operator;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.CountedErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A standalone StreamFlow node: the {@link Engine} behind its Aeron front door. An embedded media driver, ingress on
 * Aeron IPC and UDP polled by the {@link SequencerAgent}, answers sent by {@link AeronEgress} over a publication per
 * client session, and the threads that run it all.
 * <pre>
 *   Aeron ingress (IPC, UDP) -&gt; SequencerAgent
 *     -&gt; engine: Admission -&gt; ring -&gt; JournalStage -&gt; OperatorStage -&gt; EgressStage
 *     -&gt; AeronEgress -&gt; clients
 * </pre>
 * On launch the engine recovers (newest snapshot, then the journal after it) before the node subscribes to ingress,
 * so no message is taken before the state it depends on is rebuilt. Errors from every part go to one
 * {@link ErrorLog} in the node directory, counted ({@code streamflow errors} prints it).
 */
public final class StreamFlowNode implements AutoCloseable
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private final Context ctx;
    private final DirectoryLock directoryLock;
    private final ErrorLog errorLog;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final NodeCounters counters;
    private final Engine engine;
    private final AeronEgress egress;
    private final SequencerAgent sequencer;
    private final List<Subscription> ingressSubscriptions = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private AgentInvoker invoker;
    private BackgroundThread prefaulter;
    private BackgroundThread sealer;
    private volatile JournalSealer journalSealer;
    private LogServerCounters logServerCounters;
    private LogServer logServer;
    private final AtomicBoolean isClosed = new AtomicBoolean();

    private StreamFlowNode(final Context ctx)
    {
        this.ctx = ctx;

        // What is opened is closed again, newest first, if the launch fails part way (a port in use, say).
        final ArrayList<AutoCloseable> opened = new ArrayList<>();
        try
        {
            directoryLock = DirectoryLock.acquire(ctx.dir(), ctx.aeronDirectoryName());
            opened.add(directoryLock);
            errorLog = ErrorLog.create(ctx.dir(), ctx.logger());
            opened.add(errorLog);

            final boolean shared = ThreadingMode.DEDICATED != ctx.threadingMode();
            if (ctx.embeddedDriver())
            {
                DeadDriverDirectory.removeIfDead(new File(ctx.aeronDirectoryName()), ctx.logger());
            }
            driver = ctx.embeddedDriver() ? MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .threadingMode(shared ? io.aeron.driver.ThreadingMode.INVOKER : io.aeron.driver.ThreadingMode.SHARED)
                .sharedIdleStrategy(ctx.newIdleStrategy())
                // Its async executor (name resolution at set-up) would otherwise wake every millisecond.
                .asyncExecutorIdleStrategy(new BackoffIdleStrategy(
                    1, 1, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(10)))
                .dirDeleteOnShutdown(true)
                .ipcTermBufferLength(8 * 1024 * 1024)
                .publicationTermBufferLength(4 * 1024 * 1024)
                .errorHandler(errorLog)) : null;
            opened.add(driver);

            final Aeron.Context aeronCtx = new Aeron.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .errorHandler(errorLog)
                .subscriberErrorHandler(errorLog);
            if (shared && null != driver)
            {
                aeronCtx.useConductorAgentInvoker(true).driverAgentInvoker(driver.sharedAgentInvoker());
            }
            aeron = Aeron.connect(aeronCtx);
            opened.add(aeron);
            counters = new NodeCounters(aeron);
            opened.add(counters);
            // Counted once, here; the runners and the invoker are given no counter of their own.
            final ErrorHandler errorHandler = new CountedErrorHandler(errorLog, counters.errors);

            egress = new AeronEgress(
                aeron,
                counters,
                errorHandler,
                ctx.nanoClock(),
                ctx.connectTimeoutNs(),
                ctx.slowClientTimeoutNs(),
                ctx.maxMessageLength(),
                ctx.outputChannel(),
                ctx.operator().outputStreamIds());
            opened.add(egress);

            engine = Engine.launch(ctx.engineContext().counters(counters).errorHandler(errorHandler).egress(egress));
            opened.add(engine);
            sequencer = new SequencerAgent(engine.admission(), counters, ctx.epochNanoClock(), ctx.fragmentLimit());

            if (ctx.ingressIpc())
            {
                addIngress(CommonContext.IPC_CHANNEL);
            }
            final List<String> followChannels = new ArrayList<>();
            if (ctx.ingressIpc())
            {
                followChannels.add(CommonContext.IPC_CHANNEL);
            }
            if (!ctx.ingressUdpEndpoint().isEmpty())
            {
                // Tagged, so that the log server's subscription shares its socket (and port, when bound to port 0).
                final long tag = aeron.nextCorrelationId();
                addIngress("aeron:udp?endpoint=" + ctx.ingressUdpEndpoint() + "|tags=" + tag);
                followChannels.add("aeron:udp?tags=" + tag);
            }
            if (ctx.maxFollows() > 0)
            {
                logServerCounters = new LogServerCounters(aeron);
                opened.add(logServerCounters);
                // Off the INVOKER mode's one thread, the log server connects an Aeron client of its own, from its own
                // thread, and invokes it in its duty cycle: it never runs the node's client (or its invoked driver).
                logServer = new LogServer(ThreadingMode.INVOKER == ctx.threadingMode() ? aeron : null,
                    ctx.aeronDirectoryName(), engine, ctx.operator().outputStreamIds(),
                    ctx.engineContext().principals(),
                    followChannels, logServerCounters, errorHandler, ctx.nanoClock(), ctx.connectTimeoutNs(),
                    ctx.maxFollows(), ctx.maxMessageLength());
            }

            if (shared)
            {
                final List<Agent> agents = new ArrayList<>();
                if (null != driver)
                {
                    agents.add(new InvokerAgent(driver.sharedAgentInvoker(), "media-driver"));
                    agents.add(new InvokerAgent(aeron.conductorAgentInvoker(), "aeron-client"));
                }
                agents.add(sequencer);
                agents.addAll(engine.stages());
                if (null != logServer && ThreadingMode.INVOKER == ctx.threadingMode())
                {
                    agents.add(logServer);
                }
                final CompositeAgent composite = new CompositeAgent(agents);
                if (ThreadingMode.INVOKER == ctx.threadingMode())
                {
                    invoker = new AgentInvoker(errorHandler, null, composite);
                    invoker.start();
                }
                else
                {
                    counters.addThreadCounter(aeron, "node (shared)", ctx.sequencerCpu(), ctx.idleStrategy());
                    startRunner(composite, ctx.sequencerCpu(), errorHandler);
                }
            }
            else
            {
                counters.addThreadCounter(aeron, "sequencer", ctx.sequencerCpu(), ctx.idleStrategy());
                counters.addThreadCounter(aeron, "journal", ctx.journalCpu(), ctx.idleStrategy());
                counters.addThreadCounter(aeron, "operator", ctx.operatorCpu(), ctx.idleStrategy());
                counters.addThreadCounter(aeron, "egress", ctx.egressCpu(), ctx.idleStrategy());
                startRunner(sequencer, ctx.sequencerCpu(), errorHandler);
                startRunner(engine.journalStage(), ctx.journalCpu(), errorHandler);
                startRunner(engine.operatorStage(), ctx.operatorCpu(), errorHandler);
                startRunner(engine.egressStage(), ctx.egressCpu(), errorHandler);
            }

            if (null != logServer && ThreadingMode.INVOKER != ctx.threadingMode())
            {
                // A consumer's reading is never the sequencer's: a thread of its own that backs off to 1 ms parks.
                final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(
                    10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
                    errorHandler, null, logServer);
                AgentRunner.startOnThread(runner);
                runners.add(0, runner);
            }

            // Background threads keep off the CPUs the node's spinning threads are pinned to; none in INVOKER mode.
            final int[] pinnedCpus = { ctx.sequencerCpu(), ctx.journalCpu(), ctx.operatorCpu(), ctx.egressCpu() };
            if (ThreadingMode.INVOKER != ctx.threadingMode() && ctx.engineContext().journalPrefault())
            {
                prefaulter = BackgroundThread.startPrefaulter(
                    engine.journalPrefaulter(), errorHandler, ctx.logger(), pinnedCpus);
            }
            if (ThreadingMode.INVOKER != ctx.threadingMode())
            {
                final SnapshotStore snapshots = new SnapshotStore(ctx.engineContext().snapshotDir());
                journalSealer = new JournalSealer(ctx.engineContext().journalDir(),
                    ctx.engineContext().journalRetention(), snapshots::journalNeededFrom, engine.committedOffsets(),
                    (dropped) ->
                    {
                        counters.journalCyclesDropped.incrementRelease();
                        if (dropped.forced())
                        {
                            counters.journalCyclesDroppedForced.incrementRelease();
                        }
                    }, counters.journalCyclesSealed::incrementRelease)
                    .compaction(ctx.engineContext().compactedStreamIds(), ctx.engineContext().journalRollCycle(),
                        ctx.engineContext().compactionDeleteRetentionNs(),
                        (manifest) -> counters.streamsCompacted.incrementRelease())
                    .coldTier(ctx.engineContext().journalColdAfterNs(),
                        counters.journalCyclesMovedToCold::incrementRelease);
                if (ctx.engineContext().outputLog())
                {
                    journalSealer.outputLog(ctx.engineContext().outputLogDir(),
                        counters.outputCyclesDropped::incrementRelease);
                }
                sealer = BackgroundThread.startSealer(journalSealer, errorHandler, ctx.logger(), pinnedCpus);
            }
            ctx.logger().log(System.Logger.Level.INFO, "node started: " + ctx);
            if (null == ctx.engineContext().principals() && !ctx.ingressUdpEndpoint().isEmpty() &&
                !ctx.ingressUdpEndpoint().startsWith("localhost:") && !ctx.ingressUdpEndpoint().startsWith("127."))
            {
                ctx.logger().log(System.Logger.Level.WARNING, "no credentials file: any client that reaches " +
                    ctx.ingressUdpEndpoint() + " may connect as any client id and act for any account");
            }
        }
        catch (final RuntimeException ex)
        {
            opened.addAll(runners);
            opened.add(invoker);
            Collections.reverse(opened);
            CloseHelper.quietCloseAll(opened);
            throw ex;
        }
    }

    /**
     * Launch a node.
     *
     * @param ctx configuration; concluded here.
     * @return the running node.
     */
    public static StreamFlowNode launch(final Context ctx)
    {
        ctx.conclude();
        return new StreamFlowNode(ctx);
    }

    /**
     * @return the node's configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * The node's whole duty cycle, for the caller to run in {@link ThreadingMode#INVOKER} mode.
     *
     * @return the invoker, or null in the modes that run their own threads.
     */
    public AgentInvoker invoker()
    {
        return invoker;
    }

    /**
     * @return the node's counters.
     */
    public NodeCounters counters()
    {
        return counters;
    }

    /**
     * @return why journal retention kept the oldest cycle past its policy in its last round (recovery needs it, or a
     * consumer group has not read it), or null when it kept none or does not run (INVOKER mode).
     */
    public String journalRetentionKeptReason()
    {
        final JournalSealer sealer = journalSealer;
        return null == sealer ? null : sealer.keptReason();
    }

    /**
     * @return the engine this node is the front door of.
     */
    public Engine engine()
    {
        return engine;
    }

    /**
     * Whether an output stream (market data, a pipeline's results) has a subscriber: what a tool waits for before
     * producing what it wants to see the results of. Any thread.
     *
     * @param outputStreamId of one of the operator's output streams.
     * @return true when a subscriber is connected to it.
     */
    public boolean isOutputConnected(final int outputStreamId)
    {
        return egress.isOutputConnected(outputStreamId);
    }

    /**
     * @return commands whose effects launch recovered (from the snapshot and the journal after it).
     */
    public long recoveredEntries()
    {
        return engine.recoveredEntries();
    }

    /**
     * @return engine sequence of the snapshot the engine was restored from at launch, -1 for none.
     */
    public long restoredSnapshotSequence()
    {
        return engine.restoredSnapshotSequence();
    }

    /**
     * @return commands replayed from the journal at launch, after the snapshot.
     */
    public long replayedCommands()
    {
        return engine.replayedCommands();
    }

    /**
     * @return the operator's state hash once launch had rebuilt it, before any new command.
     */
    public long recoveredStateHash()
    {
        return engine.recoveredStateHash();
    }

    /**
     * @return true when launch found and cleared the remnant of a torn entry.
     */
    public boolean recoveredTornTail()
    {
        return engine.recoveredTornTail();
    }

    /**
     * @return the log server's counters, null when the node serves no follows.
     */
    public LogServerCounters logServerCounters()
    {
        return logServerCounters;
    }

    /**
     * The UDP ingress channel with its port resolved, for clients of a node configured with port 0.
     *
     * @param timeoutNs to wait for the media driver to bind.
     * @return the channel, or null when the node takes no UDP ingress.
     */
    public String udpIngressChannel(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        for (final Subscription subscription : ingressSubscriptions)
        {
            if (subscription.channel().startsWith(CommonContext.UDP_CHANNEL))
            {
                String resolved;
                while (null == (resolved = subscription.tryResolveChannelEndpointPort()))
                {
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        throw new IllegalStateException("UDP ingress endpoint not bound within timeout");
                    }
                    Thread.onSpinWait();
                }
                final ChannelUri uri = ChannelUri.parse(resolved);
                uri.remove(CommonContext.TAGS_PARAM_NAME);
                return uri.toString();
            }
        }

        return null;
    }

    /**
     * Stop taking ingress, let the commands already in the ring reach the journal and their answers leave, then stop
     * the threads (the last snapshot is taken) and close the journal, the Aeron client, the media driver (removing
     * its directory) and the error log.
     */
    public void close()
    {
        if (!isClosed.compareAndSet(false, true))
        {
            return; // Closed, or being closed by another thread (a shutdown hook and main, say): once only.
        }

        // First the sequencer stops (after its current duty cycle), then what it put in the ring drains through.
        sequencer.stopIngress();
        final long deadlineNs = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while ((!sequencer.isIngressStopped() || !engine.isDrained()) &&
            System.nanoTime() - deadlineNs < 0 && runners.stream().noneMatch(AgentRunner::isClosed))
        {
            if (null != invoker)
            {
                invoker.invoke();
            }
            Thread.onSpinWait();
        }

        CloseHelper.closeAll(sealer, prefaulter);
        CloseHelper.closeAll(runners);
        CloseHelper.close(invoker);
        CloseHelper.closeAll(engine, logServerCounters, counters, aeron, driver, errorLog, directoryLock);
    }

    private void addIngress(final String channel)
    {
        final Subscription subscription = aeron.addSubscription(channel, ctx.ingressStreamId());
        ingressSubscriptions.add(subscription);
        sequencer.addAdapter(new IngressAdapter(subscription, sequencer));
    }

    private void startRunner(final Agent agent, final int cpu, final ErrorHandler errorHandler)
    {
        final AgentRunner runner = new AgentRunner(
            ctx.newIdleStrategy(), errorHandler, null, PinnedAgent.pinnedTo(agent, cpu, ctx.logger()));
        AgentRunner.startOnThread(runner);
        runners.add(runner);
    }

    /**
     * Configuration of a node: its front door's (media driver, ingress, threads, egress), and the engine's, whose
     * setters here pass through to the {@link #engineContext()}. Defaults come from {@link NodeConfiguration},
     * {@link io.streamflow.engine.EngineConfiguration} and system properties; setters override them;
     * {@link #conclude()} validates the whole once.
     */
    public static final class Context
    {
        private final Engine.Context engine = new Engine.Context();
        private String aeronDirectoryName = NodeConfiguration.aeronDir();
        private boolean embeddedDriver = NodeConfiguration.embeddedDriver();
        private boolean ingressIpc = NodeConfiguration.ingressIpc();
        private String ingressUdpEndpoint = NodeConfiguration.ingressUdpEndpoint();
        private int ingressStreamId = NodeConfiguration.ingressStreamId();
        private ThreadingMode threadingMode = NodeConfiguration.threadingMode();
        private String idleStrategy = NodeConfiguration.idleStrategy();
        private int sequencerCpu = NodeConfiguration.cpu(NodeConfiguration.SEQUENCER_CPU_PROP_NAME);
        private int journalCpu = NodeConfiguration.cpu(NodeConfiguration.JOURNAL_CPU_PROP_NAME);
        private int operatorCpu = NodeConfiguration.cpu(NodeConfiguration.OPERATOR_CPU_PROP_NAME);
        private int egressCpu = NodeConfiguration.cpu(NodeConfiguration.EGRESS_CPU_PROP_NAME);
        private int fragmentLimit = NodeConfiguration.fragmentLimit();
        private int maxFollows = NodeConfiguration.maxFollows();
        private long connectTimeoutNs = NodeConfiguration.connectTimeoutNs();
        private long slowClientTimeoutNs = NodeConfiguration.slowClientTimeoutNs();
        private EpochNanoClock epochNanoClock = new OffsetEpochNanoClock();
        private NanoClock nanoClock = new SystemNanoClock();
        private String outputChannel = NodeConfiguration.outputChannel();
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

            engine.conclude();
            require(fragmentLimit > 0, "fragment limit must be positive: " + fragmentLimit);
            require(maxFollows >= 0, "most follows must not be negative: " + maxFollows);
            require(ingressIpc || !ingressUdpEndpoint.isEmpty(), "no ingress: enable IPC or give a UDP endpoint");
            require(connectTimeoutNs > 0 && slowClientTimeoutNs > 0, "timeouts must be positive");
            require(null != threadingMode, "threading mode must be set");
            if (!ingressUdpEndpoint.isEmpty())
            {
                ChannelUri.parse("aeron:udp?endpoint=" + ingressUdpEndpoint);
            }
            newIdleStrategy();
            if (!outputChannel.isEmpty())
            {
                ChannelUri.parse(outputChannel);
            }
            isConcluded = true;

            return this;
        }

        IdleStrategy newIdleStrategy()
        {
            try
            {
                return io.aeron.driver.Configuration.agentIdleStrategy(idleStrategy, null);
            }
            catch (final Exception ex) // Aeron rethrows ClassNotFoundException unchecked for an unknown class name.
            {
                throw new IllegalArgumentException("unknown idle strategy: " + idleStrategy, ex);
            }
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        /**
         * @return the engine's configuration, which the engine settings here pass through to.
         */
        public Engine.Context engineContext()
        {
            return engine;
        }

        /**
         * @param dir of the node's journal, snapshots and error log.
         * @return this for a fluent API.
         */
        public Context dir(final File dir)
        {
            engine.dir(dir);
            return this;
        }

        /**
         * @return directory of the node's journal, snapshots and error log.
         */
        public File dir()
        {
            return engine.dir();
        }

        /**
         * @return directory of the journal's queue files.
         */
        public File journalDir()
        {
            return engine.journalDir();
        }

        /**
         * @return directory of the engine snapshots.
         */
        public File snapshotDir()
        {
            return engine.snapshotDir();
        }

        /**
         * @param ringSize slots in the ring, a power of two.
         * @return this for a fluent API.
         */
        public Context ringSize(final int ringSize)
        {
            engine.ringSize(ringSize);
            return this;
        }

        /**
         * @return slots in the ring.
         */
        public int ringSize()
        {
            return engine.ringSize();
        }

        /**
         * @param maxMessageLength longest ingress message accepted, header included.
         * @return this for a fluent API.
         */
        public Context maxMessageLength(final int maxMessageLength)
        {
            engine.maxMessageLength(maxMessageLength);
            return this;
        }

        /**
         * @return longest ingress message accepted.
         */
        public int maxMessageLength()
        {
            return engine.maxMessageLength();
        }

        /**
         * @param maxClients most clients remembered.
         * @return this for a fluent API.
         */
        public Context maxClients(final int maxClients)
        {
            engine.maxClients(maxClients);
            return this;
        }

        /**
         * @param dedupWindow client sequences remembered per client, a power of two.
         * @return this for a fluent API.
         */
        public Context dedupWindow(final int dedupWindow)
        {
            engine.dedupWindow(dedupWindow);
            return this;
        }

        /**
         * @param outputLog true (the default) to log the operators' outputs beside the journal (docs/log.md).
         * @return this for a fluent API.
         */
        public Context outputLog(final boolean outputLog)
        {
            engine.outputLog(outputLog);
            return this;
        }

        /**
         * @param streams of the node as {@code name=id[:partitions],...} (docs/log.md).
         * @return this for a fluent API.
         */
        public Context streams(final String streams)
        {
            engine.streams(streams);
            return this;
        }

        /**
         * @return streams of the node, after {@link #conclude()}.
         */
        public StreamCatalog streamCatalog()
        {
            return engine.streamCatalog();
        }

        /**
         * @param journalRollCycle name of a Chronicle {@code RollCycles} value.
         * @return this for a fluent API.
         */
        public Context journalRollCycle(final String journalRollCycle)
        {
            engine.journalRollCycle(journalRollCycle);
            return this;
        }

        /**
         * @return the journal's roll cycle, after {@link #conclude()}.
         */
        public RollCycle journalRollCycle()
        {
            return engine.journalRollCycle();
        }

        /**
         * @param journalColdAfterNs age after which a sealed cycle moves to the journal's cold tier, 0 for never.
         * @return this for a fluent API.
         */
        public Context journalColdAfterNs(final long journalColdAfterNs)
        {
            engine.journalColdAfterNs(journalColdAfterNs);
            return this;
        }

        /**
         * @param compactStreams streams to compact, by name or id, comma separated (see
         *                       {@link Engine.Context#compactStreams(String)}).
         * @return this for a fluent API.
         */
        public Context compactStreams(final String compactStreams)
        {
            engine.compactStreams(compactStreams);
            return this;
        }

        /**
         * @param journalSync true to sync each batch of journal entries to the storage device before it is
         *                    acknowledged (see {@link Engine.Context#journalSync(boolean)}).
         * @return this for a fluent API.
         */
        public Context journalSync(final boolean journalSync)
        {
            engine.journalSync(journalSync);
            return this;
        }

        /**
         * @param journalPrefault true (the default) to fault in the journal writer's pages ahead of it from a thread
         *                        of its own, kept off the node's pinned CPUs (see
         *                        {@link Engine.Context#journalPrefault(boolean)}); never in
         *                        {@link ThreadingMode#INVOKER}.
         * @return this for a fluent API.
         */
        public Context journalPrefault(final boolean journalPrefault)
        {
            engine.journalPrefault(journalPrefault);
            return this;
        }

        /**
         * @param journalRetention which sealed cycles of the journal to drop (see
         *                         {@link Engine.Context#journalRetention(io.streamflow.journal.RetentionPolicy)}).
         * @return this for a fluent API.
         */
        public Context journalRetention(final io.streamflow.journal.RetentionPolicy journalRetention)
        {
            engine.journalRetention(journalRetention);
            return this;
        }

        /**
         * @param snapshotInterval commands between engine snapshots; 0 for one only when the node closes.
         * @return this for a fluent API.
         */
        public Context snapshotInterval(final long snapshotInterval)
        {
            engine.snapshotInterval(snapshotInterval);
            return this;
        }

        /**
         * @param operator applied to every sequenced command (see {@link Engine.Context#operator(Operator)}).
         * @return this for a fluent API.
         */
        public Context operator(final Operator operator)
        {
            engine.operator(operator);
            return this;
        }

        /**
         * @return operator applied to every sequenced command.
         */
        public Operator operator()
        {
            return engine.operator();
        }

        /**
         * @param principals who may connect and what each may do (see {@link Principals}); null for an open node.
         * @return this for a fluent API.
         */
        public Context principals(final Principals principals)
        {
            engine.principals(principals);
            return this;
        }

        /**
         * @param journalAppenderWrapper applied to the journal's writer (see {@link Engine.Context}).
         * @return this for a fluent API.
         */
        public Context journalAppenderWrapper(final UnaryOperator<JournalAppender> journalAppenderWrapper)
        {
            engine.journalAppenderWrapper(journalAppenderWrapper);
            return this;
        }

        /**
         * @param logger for the node's own messages.
         * @return this for a fluent API.
         */
        public Context logger(final System.Logger logger)
        {
            engine.logger(logger);
            return this;
        }

        /**
         * @return logger for the node's own messages.
         */
        public System.Logger logger()
        {
            return engine.logger();
        }

        /**
         * @param outputChannel Aeron channel of the output streams (market data, pipeline results), empty for none.
         * @return this for a fluent API.
         */
        public Context outputChannel(final String outputChannel)
        {
            this.outputChannel = outputChannel;
            return this;
        }

        /**
         * @return Aeron channel of the output streams, empty for none.
         */
        public String outputChannel()
        {
            return outputChannel;
        }

        /**
        /**
         * @param aeronDirectoryName of the media driver.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @return directory of the media driver, which IPC clients connect to.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param embeddedDriver whether the node runs its own media driver.
         * @return this for a fluent API.
         */
        public Context embeddedDriver(final boolean embeddedDriver)
        {
            this.embeddedDriver = embeddedDriver;
            return this;
        }

        /**
         * @return whether the node runs its own media driver.
         */
        public boolean embeddedDriver()
        {
            return embeddedDriver;
        }

        /**
         * @param ingressIpc whether ingress is taken on IPC.
         * @return this for a fluent API.
         */
        public Context ingressIpc(final boolean ingressIpc)
        {
            this.ingressIpc = ingressIpc;
            return this;
        }

        /**
         * @return whether ingress is taken on IPC.
         */
        public boolean ingressIpc()
        {
            return ingressIpc;
        }

        /**
         * @param ingressUdpEndpoint host:port for UDP ingress, port 0 for any; empty for none.
         * @return this for a fluent API.
         */
        public Context ingressUdpEndpoint(final String ingressUdpEndpoint)
        {
            this.ingressUdpEndpoint = ingressUdpEndpoint;
            return this;
        }

        /**
         * @return host:port of UDP ingress, or empty.
         */
        public String ingressUdpEndpoint()
        {
            return ingressUdpEndpoint;
        }

        /**
         * @param ingressStreamId Aeron stream id of ingress.
         * @return this for a fluent API.
         */
        public Context ingressStreamId(final int ingressStreamId)
        {
            this.ingressStreamId = ingressStreamId;
            return this;
        }

        /**
         * @return Aeron stream id of ingress.
         */
        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        /**
         * @param threadingMode of the node.
         * @return this for a fluent API.
         */
        public Context threadingMode(final ThreadingMode threadingMode)
        {
            this.threadingMode = threadingMode;
            return this;
        }

        /**
         * @return threading mode of the node.
         */
        public ThreadingMode threadingMode()
        {
            return threadingMode;
        }

        /**
         * @param idleStrategy name (Aeron's: noop, spin, yield, backoff, sleep-ns) or class name.
         * @return this for a fluent API.
         */
        public Context idleStrategy(final String idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /**
         * @return idle strategy name of the node's threads.
         */
        public String idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * @param cpu to pin the sequencer (in SHARED mode, the node) thread to, -1 for none.
         * @return this for a fluent API.
         */
        public Context sequencerCpu(final int cpu)
        {
            this.sequencerCpu = cpu;
            return this;
        }

        /**
         * @return CPU of the sequencer thread, -1 for none.
         */
        public int sequencerCpu()
        {
            return sequencerCpu;
        }

        /**
         * @param cpu to pin the journal thread to in DEDICATED mode, -1 for none.
         * @return this for a fluent API.
         */
        public Context journalCpu(final int cpu)
        {
            this.journalCpu = cpu;
            return this;
        }

        /**
         * @return CPU of the journal thread, -1 for none.
         */
        public int journalCpu()
        {
            return journalCpu;
        }

        /**
         * @param cpu to pin the operator thread to in DEDICATED mode, -1 for none.
         * @return this for a fluent API.
         */
        public Context operatorCpu(final int cpu)
        {
            this.operatorCpu = cpu;
            return this;
        }

        /**
         * @return CPU of the operator thread, -1 for none.
         */
        public int operatorCpu()
        {
            return operatorCpu;
        }

        /**
         * @param cpu to pin the egress thread to in DEDICATED mode, -1 for none.
         * @return this for a fluent API.
         */
        public Context egressCpu(final int cpu)
        {
            this.egressCpu = cpu;
            return this;
        }

        /**
         * @return CPU of the egress thread, -1 for none.
         */
        public int egressCpu()
        {
            return egressCpu;
        }

        /**
         * @param ringSize slots in the ring, a power of two.
         * @return this for a fluent API.
        /**
         * @param maxFollows most consumers' follows the log server serves at once; 0 for no log server.
         * @return this for a fluent API.
         */
        public Context maxFollows(final int maxFollows)
        {
            this.maxFollows = maxFollows;
            return this;
        }

        /**
         * @return most follows served at once.
         */
        public int maxFollows()
        {
            return maxFollows;
        }

        /**
         * @param fragmentLimit most ingress fragments per duty cycle.
         * @return this for a fluent API.
         */
        public Context fragmentLimit(final int fragmentLimit)
        {
            this.fragmentLimit = fragmentLimit;
            return this;
        }

        /**
         * @return most ingress fragments per duty cycle.
         */
        public int fragmentLimit()
        {
            return fragmentLimit;
        }

        /**
         * @param connectTimeoutNs time a client has to connect its response channel.
         * @return this for a fluent API.
         */
        public Context connectTimeoutNs(final long connectTimeoutNs)
        {
            this.connectTimeoutNs = connectTimeoutNs;
            return this;
        }

        /**
         * @return time a client has to connect its response channel.
         */
        public long connectTimeoutNs()
        {
            return connectTimeoutNs;
        }

        /**
         * @param slowClientTimeoutNs time a client may back-pressure egress before its session is closed.
         * @return this for a fluent API.
         */
        public Context slowClientTimeoutNs(final long slowClientTimeoutNs)
        {
            this.slowClientTimeoutNs = slowClientTimeoutNs;
            return this;
        }

        /**
         * @return time a client may back-pressure egress before its session is closed.
         */
        public long slowClientTimeoutNs()
        {
            return slowClientTimeoutNs;
        }

        /**
         * @param epochNanoClock the sequencer stamps commands with.
         * @return this for a fluent API.
         */
        public Context epochNanoClock(final EpochNanoClock epochNanoClock)
        {
            this.epochNanoClock = epochNanoClock;
            return this;
        }

        /**
         * @return clock the sequencer stamps commands with.
         */
        public EpochNanoClock epochNanoClock()
        {
            return epochNanoClock;
        }

        /**
         * @param nanoClock for timeouts.
         * @return this for a fluent API.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * @return clock for timeouts.
         */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * {@inheritDoc}
         */
        public String toString()
        {
            return engine + ", aeronDir=" + aeronDirectoryName + ", embeddedDriver=" + embeddedDriver +
                ", ingressIpc=" + ingressIpc + ", ingressUdp=" + ingressUdpEndpoint + ", ingressStreamId=" +
                ingressStreamId + ", threadingMode=" + threadingMode + ", idleStrategy=" + idleStrategy +
                ", sequencerCpu=" + sequencerCpu + ", outputChannel=" + outputChannel + ", maxFollows=" + maxFollows;
        }
    }
}
