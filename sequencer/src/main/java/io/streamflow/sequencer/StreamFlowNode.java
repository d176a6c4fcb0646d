package io.streamflow.sequencer;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalWriter;
import io.streamflow.matcher.InstrumentSpec;
import io.streamflow.matcher.Instruments;
import io.streamflow.matcher.MatcherOperator;
import io.streamflow.matcher.MatchingEngine;
import io.streamflow.operators.AcknowledgingRouter;
import io.streamflow.operators.CommandRouter;
import io.streamflow.operators.Operator;
import io.streamflow.pipelines.PipelineOperator;
import io.streamflow.pipelines.Pipelines;
import io.streamflow.protocol.IngressValidator;
import io.streamflow.protocol.ProtocolDefaults;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A standalone StreamFlow node: an embedded Aeron media driver, the sequencer, the ring with its journal, operator
 * and egress stages, and the journal on disk. Clients connect over Aeron IPC and UDP.
 * <pre>
 *   Aeron ingress (IPC, UDP) -&gt; SequencerAgent -&gt; ring -&gt; JournalStage -&gt; OperatorStage -&gt; EgressStage
 *                            -&gt; clients
 * </pre>
 * On launch the node recovers from its journal (torn tail, dedup table, next sequence) before it subscribes to
 * ingress, so no message is taken before the state it depends on is rebuilt.
 */
public final class StreamFlowNode implements AutoCloseable
{
    private static final int STAGE_BATCH_LIMIT = 1024;
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private final Context ctx;
    private final Journal journal;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final NodeCounters counters;
    private final RingBuffer<RingSlot> ring;
    private final RingConsumer egressConsumer;
    private final SequencerAgent sequencer;
    private final List<Subscription> ingressSubscriptions = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private final JournalRecovery.Result recovery;
    private final OperatorRecovery.Result operatorRecovery;
    private AgentInvoker invoker;
    private final AtomicBoolean isClosed = new AtomicBoolean();

    private StreamFlowNode(final Context ctx)
    {
        this.ctx = ctx;
        final System.Logger logger = ctx.logger();
        final NodeErrorHandler errorHandler = new NodeErrorHandler(logger);
        final int slotLength = BitUtil.align(JournalEntryLayout.FRAMING_LENGTH + ctx.maxMessageLength(), 64);

        // What is opened is closed again, newest first, if the launch fails part way (a port in use, say).
        final ArrayList<AutoCloseable> opened = new ArrayList<>();
        try
        {
            journal = Journal.open(ctx.journalDir(), ctx.journalRollCycle());
            opened.add(journal);
            final DedupTable dedup = new DedupTable(ctx.dedupWindow(), ctx.maxClients());
            recovery = JournalRecovery.recover(journal, dedup, slotLength, logger);
            final SnapshotStore snapshots = new SnapshotStore(ctx.snapshotDir());
            operatorRecovery = OperatorRecovery.recover(
                journal, recovery.nextEngineSequence(), ctx.operator(), snapshots, logger);

            final boolean shared = ThreadingMode.DEDICATED != ctx.threadingMode();
            driver = ctx.embeddedDriver() ? MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .threadingMode(shared ? io.aeron.driver.ThreadingMode.INVOKER : io.aeron.driver.ThreadingMode.SHARED)
                .sharedIdleStrategy(ctx.newIdleStrategy())
                .dirDeleteOnShutdown(true)
                .ipcTermBufferLength(8 * 1024 * 1024)
                .publicationTermBufferLength(4 * 1024 * 1024)
                .errorHandler(errorHandler)) : null;
            opened.add(driver);

            final Aeron.Context aeronCtx = new Aeron.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .errorHandler(errorHandler)
                .subscriberErrorHandler(errorHandler);
            if (shared && null != driver)
            {
                aeronCtx.useConductorAgentInvoker(true).driverAgentInvoker(driver.sharedAgentInvoker());
            }
            aeron = Aeron.connect(aeronCtx);
            opened.add(aeron);
            counters = new NodeCounters(aeron);
            errorHandler.countInto(counters.errors);

            final UnsafeBuffer slots = new UnsafeBuffer(
                BufferUtil.allocateDirectAligned(slotLength * ctx.ringSize(), 64));
            final int[] nextSlot = new int[1];
            ring = RingBuffer.createSingleProducer(
                () -> new RingSlot(new UnsafeBuffer(slots, slotLength * nextSlot[0]++, slotLength)),
                ctx.ringSize(),
                new BusySpinWaitStrategy());

            final RingConsumer journalConsumer = new RingConsumer(ring, ring.newBarrier(), STAGE_BATCH_LIMIT);
            final RingConsumer operatorConsumer = new RingConsumer(
                ring, ring.newBarrier(journalConsumer.sequence()), STAGE_BATCH_LIMIT);
            egressConsumer = new RingConsumer(ring, ring.newBarrier(operatorConsumer.sequence()), STAGE_BATCH_LIMIT);
            ring.addGatingSequences(egressConsumer.sequence());

            sequencer = new SequencerAgent(
                ring,
                new IngressValidator(ctx.maxMessageLength()),
                dedup,
                ctx.streamCatalog().ids(),
                counters,
                ctx.epochNanoClock(),
                ctx.fragmentLimit(),
                recovery.nextEngineSequence(),
                recovery.lastTimestampNs());
            final JournalWriter journalWriter = journal.newWriter();
            opened.add(journalWriter);
            final JournalStage journalStage = new JournalStage(journalConsumer, journalWriter, counters);
            final OperatorStage operatorStage = new OperatorStage(
                operatorConsumer, ctx.operator(), counters, errorHandler, snapshots, ctx.snapshotInterval(),
                operatorRecovery);
            final EgressStage egressStage = new EgressStage(
                egressConsumer,
                aeron,
                counters,
                errorHandler,
                ctx.nanoClock(),
                ctx.connectTimeoutNs(),
                ctx.slowClientTimeoutNs(),
                ctx.maxMessageLength(),
                ctx.outputChannel(),
                ctx.operator().outputStreamIds());

            if (ctx.ingressIpc())
            {
                addIngress(CommonContext.IPC_CHANNEL);
            }
            if (!ctx.ingressUdpEndpoint().isEmpty())
            {
                addIngress("aeron:udp?endpoint=" + ctx.ingressUdpEndpoint());
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
                agents.add(journalStage);
                agents.add(operatorStage);
                agents.add(egressStage);
                final CompositeAgent composite = new CompositeAgent(agents);
                if (ThreadingMode.INVOKER == ctx.threadingMode())
                {
                    invoker = new AgentInvoker(errorHandler, counters.errors, composite);
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
                startRunner(journalStage, ctx.journalCpu(), errorHandler);
                startRunner(operatorStage, ctx.operatorCpu(), errorHandler);
                startRunner(egressStage, ctx.egressCpu(), errorHandler);
            }

            logger.log(System.Logger.Level.INFO, "node started: " + ctx);
        }
        catch (final RuntimeException ex)
        {
            opened.addAll(runners);
            opened.add(invoker);
            java.util.Collections.reverse(opened);
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
     * @return entries replayed from the journal at launch.
     */
    public long recoveredEntries()
    {
        return recovery.entries();
    }

    /**
     * @return engine sequence of the snapshot the operator was restored from at launch, -1 for none.
     */
    public long restoredSnapshotSequence()
    {
        return operatorRecovery.snapshotSequence();
    }

    /**
     * @return commands replayed from the journal into the operator at launch, after its snapshot.
     */
    public long replayedCommands()
    {
        return operatorRecovery.replayed();
    }

    /**
     * @return the operator's state hash once launch had rebuilt it, before any new command.
     */
    public long recoveredStateHash()
    {
        return operatorRecovery.stateHash();
    }

    /**
     * @return true when launch found and cleared the remnant of a torn entry.
     */
    public boolean recoveredTornTail()
    {
        return null != recovery.tornTail();
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
                return ChannelUri.parse(resolved).toString();
            }
        }

        return null;
    }

    /**
     * Stop taking ingress, let the commands already in the ring reach the journal and their answers leave, then stop
     * the threads and close the journal, the Aeron client and the media driver (removing its directory).
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
        while ((!sequencer.isIngressStopped() || egressConsumer.sequence().get() < ring.getCursor()) &&
            System.nanoTime() - deadlineNs < 0 && runners.stream().noneMatch(AgentRunner::isClosed))
        {
            if (null != invoker)
            {
                invoker.invoke();
            }
            Thread.onSpinWait();
        }

        CloseHelper.closeAll(runners);
        CloseHelper.close(invoker);
        CloseHelper.closeAll(counters, aeron, driver, journal);
    }

    private void addIngress(final String channel)
    {
        final Subscription subscription = aeron.addSubscription(channel, ctx.ingressStreamId());
        ingressSubscriptions.add(subscription);
        sequencer.addAdapter(new IngressAdapter(subscription, sequencer));
    }

    private void startRunner(final Agent agent, final int cpu, final NodeErrorHandler errorHandler)
    {
        final AgentRunner runner = new AgentRunner(
            ctx.newIdleStrategy(), errorHandler, counters.errors, PinnedAgent.pinnedTo(agent, cpu, ctx.logger()));
        AgentRunner.startOnThread(runner);
        runners.add(runner);
    }

    /**
     * Configuration of a node. Defaults come from {@link NodeConfiguration} and system properties; setters override
     * them; {@link #conclude()} validates the whole once.
     */
    public static final class Context
    {
        private File dir = new File(NodeConfiguration.dir());
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
        private int ringSize = NodeConfiguration.ringSize();
        private int maxMessageLength = NodeConfiguration.maxMessageLength();
        private int maxClients = NodeConfiguration.maxClients();
        private int dedupWindow = NodeConfiguration.dedupWindow();
        private String streams = NodeConfiguration.streams();
        private String journalRollCycle = NodeConfiguration.journalRollCycle();
        private int fragmentLimit = NodeConfiguration.fragmentLimit();
        private long connectTimeoutNs = NodeConfiguration.connectTimeoutNs();
        private long slowClientTimeoutNs = NodeConfiguration.slowClientTimeoutNs();
        private EpochNanoClock epochNanoClock = new OffsetEpochNanoClock();
        private NanoClock nanoClock = new SystemNanoClock();
        private String outputChannel = NodeConfiguration.outputChannel();
        private long snapshotInterval = NodeConfiguration.snapshotInterval();
        private int maxOrders = NodeConfiguration.maxOrders();
        private List<InstrumentSpec> instruments = Instruments.defaults();
        private List<String> pipelines = NodeConfiguration.pipelines();
        private Operator operator;
        private System.Logger logger = System.getLogger("io.streamflow.node");

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
            require(dedupWindow > 0 && Integer.bitCount(dedupWindow) == 1,
                "dedup window must be a power of two: " + dedupWindow);
            require(fragmentLimit > 0, "fragment limit must be positive: " + fragmentLimit);
            require(ingressIpc || !ingressUdpEndpoint.isEmpty(), "no ingress: enable IPC or give a UDP endpoint");
            require(connectTimeoutNs > 0 && slowClientTimeoutNs > 0, "timeouts must be positive");
            require(null != threadingMode, "threading mode must be set");
            if (!ingressUdpEndpoint.isEmpty())
            {
                ChannelUri.parse("aeron:udp?endpoint=" + ingressUdpEndpoint);
            }

            streamCatalog = StreamCatalog.parse(streams);
            try
            {
                rollCycle = RollCycles.valueOf(journalRollCycle);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("unknown journal roll cycle: " + journalRollCycle, ex);
            }
            newIdleStrategy();

            require(snapshotInterval >= 0, "snapshot interval must not be negative: " + snapshotInterval);
            if (!outputChannel.isEmpty())
            {
                ChannelUri.parse(outputChannel);
            }
            if (null == operator)
            {
                final Operator records = pipelines.isEmpty() ? new AcknowledgingRouter() : new PipelineOperator(
                    pipelines.stream().map(Pipelines::named).toList(), streamCatalog.idsByName());
                operator = new CommandRouter(
                    records, new MatcherOperator(matcherContext(), ProtocolDefaults.MARKET_DATA_STREAM_ID));
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
         * @param dir of the node's journal and state.
         * @return this for a fluent API.
         */
        public Context dir(final File dir)
        {
            this.dir = dir;
            return this;
        }

        /**
         * @return directory of the node's journal and state.
         */
        public File dir()
        {
            return dir;
        }

        /**
         * @return directory of the journal's queue files.
         */
        public File journalDir()
        {
            return new File(dir, "journal");
        }

        /**
         * @return directory of the operator snapshots, under {@link #dir()}.
         */
        public File snapshotDir()
        {
            return new File(dir, "snapshots");
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
         * @param snapshotInterval commands between operator snapshots; 0 for one only when the node closes.
         * @return this for a fluent API.
         */
        public Context snapshotInterval(final long snapshotInterval)
        {
            this.snapshotInterval = snapshotInterval;
            return this;
        }

        /**
         * @return commands between operator snapshots; 0 for one only when the node closes.
         */
        public long snapshotInterval()
        {
            return snapshotInterval;
        }

        /**
         * @param instruments the default operator's matcher trades.
         * @return this for a fluent API.
         */
        public Context instruments(final List<InstrumentSpec> instruments)
        {
            this.instruments = List.copyOf(instruments);
            return this;
        }

        /**
         * @return instruments the default operator's matcher trades.
         */
        public List<InstrumentSpec> instruments()
        {
            return instruments;
        }

        /**
         * @param pipelines names of the shipped pipelines (see {@code Pipelines}) the default operator runs over
         *                  the records of their streams.
         * @return this for a fluent API.
         */
        public Context pipelines(final List<String> pipelines)
        {
            this.pipelines = List.copyOf(pipelines);
            return this;
        }

        /**
         * @return names of the pipelines the default operator runs.
         */
        public List<String> pipelines()
        {
            return pipelines;
        }

        /**
         * @return rules and capacities of the default operator's matcher, from {@link #instruments()} and
         * {@link #maxOrders()}: a new context each call.
         */
        public MatchingEngine.Context matcherContext()
        {
            final MatchingEngine.Context matcher = new MatchingEngine.Context()
                .maxOrders(maxOrders)
                .maxPriceLevels(Math.max(1024, maxOrders / 4))
                .maxOrdersPerAccount(maxOrders);
            instruments.forEach(matcher::instrument);
            return matcher.conclude();
        }

        /**
         * @param maxOrders open orders the default operator's matcher holds at most.
         * @return this for a fluent API.
         */
        public Context maxOrders(final int maxOrders)
        {
            this.maxOrders = maxOrders;
            return this;
        }

        /**
         * @return open orders the default operator's matcher holds at most.
         */
        public int maxOrders()
        {
            return maxOrders;
        }

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
         * @param streams of the node as {@code name=id,...}.
         * @return this for a fluent API.
         */
        public Context streams(final String streams)
        {
            this.streams = streams;
            return this;
        }

        /**
         * @return streams of the node, after {@link #conclude()}.
         */
        public StreamCatalog streamCatalog()
        {
            return streamCatalog;
        }

        /**
         * @param journalRollCycle name of a Chronicle {@code RollCycles} value.
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
         * @param operator applied to every sequenced command. By default: order commands to a matcher trading
         *                 {@link #instruments()}, whose trades and top of book go to the market-data output stream,
         *                 and records acknowledged and fed to the {@link #pipelines()}, whose results go to their
         *                 output streams.
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
         * @param logger for the node's own messages.
         * @return this for a fluent API.
         */
        public Context logger(final System.Logger logger)
        {
            this.logger = logger;
            return this;
        }

        /**
         * @return logger for the node's own messages.
         */
        public System.Logger logger()
        {
            return logger;
        }

        /**
         * {@inheritDoc}
         */
        public String toString()
        {
            return "dir=" + dir + ", aeronDir=" + aeronDirectoryName + ", embeddedDriver=" + embeddedDriver +
                ", ingressIpc=" + ingressIpc + ", ingressUdp=" + ingressUdpEndpoint + ", ingressStreamId=" +
                ingressStreamId + ", threadingMode=" + threadingMode + ", idleStrategy=" + idleStrategy +
                ", sequencerCpu=" + sequencerCpu + ", ringSize=" + ringSize + ", maxMessageLength=" +
                maxMessageLength + ", streams=" + streams + ", rollCycle=" + journalRollCycle + ", outputChannel=" +
                outputChannel + ", snapshotInterval=" + snapshotInterval + ", pipelines=" + pipelines;
        }
    }
}
