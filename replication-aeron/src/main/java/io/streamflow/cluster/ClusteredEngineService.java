package io.streamflow.cluster;

import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.streamflow.engine.BackgroundThread;
import io.streamflow.engine.Engine;
import io.streamflow.engine.NodeCounters;
import io.streamflow.journal.JournalSealer;
import io.streamflow.operators.StateHash;
import io.streamflow.sequencer.LogServer;
import io.streamflow.sequencer.LogServerCounters;
import io.streamflow.sequencer.NodeConfiguration;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemNanoClock;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine hosted in an Aeron Cluster: every member runs this service over the same committed log, so every member
 * admits the same messages in the same order with the same cluster timestamps (nanoseconds), gives them the same
 * engine sequences, journals the same entries and reaches the same state.
 * <p>
 * A message reaches {@link #onSessionMessage} only once the cluster has committed it (a majority has it): that is
 * "journal before effect" here. The service then runs the engine's stages on its own thread until the message is
 * journaled and applied, so the state is always that of the log position, as a snapshot needs it; answers leave
 * through the client's cluster session, from the leader only ({@link ClusterEgress}).
 * <p>
 * The state is the cluster's: the engine starts empty ({@link Engine.Context#stateFromHost(boolean)}) and is restored
 * from the cluster's snapshot, then the cluster replays the log after it; entries the journal already holds are not
 * journaled twice. Cluster snapshots are taken on command ({@code ClusterTool snapshot}) and, asked for by the leader,
 * every {@link Engine.Context#snapshotInterval()} commands ({@link SnapshotSchedule}).
 * <p>
 * Not thread safe: the service container's thread.
 */
public final class ClusteredEngineService implements ClusteredService
{
    /** No engine sequence: no snapshot loaded or taken. */
    public static final long NONE = -1;

    /** Label of the counter that holds the engine sequence of the last command in the latest cluster snapshot. */
    public static final String SNAPSHOT_SEQUENCE_LABEL = "streamflow cluster: engine sequence of the latest snapshot";

    /**
     * The whole engine's state hash (dedup table, sequence, time, operator) once every command up to an engine
     * sequence was applied.
     *
     * @param request      the request it answers.
     * @param lastSequence engine sequence of the last command applied.
     * @param hash         of the engine's encoded state.
     */
    record StateHashSample(long request, long lastSequence, long hash)
    {
    }

    private final Engine.Context engineContext;
    private final String outputChannel;
    private final long slowClientTimeoutNs;
    private final ClusterSessions sessions = new ClusterSessions();
    private final ServiceSnapshot snapshot = new ServiceSnapshot();
    private final ExpandableArrayBuffer stateBuffer = new ExpandableArrayBuffer(64 * 1024);
    private SnapshotSchedule schedule;
    private Cluster cluster;
    private Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile boolean isStarted;
    private volatile long loadedSnapshotSequence = NONE;
    private volatile Counter lastSnapshotSequence;
    private volatile long stateHashRequest;
    private volatile StateHashSample stateHash;
    private IdleStrategy idle;
    private volatile NodeCounters counters;
    private ClusterEgress egress;
    private Engine engine;
    private BackgroundThread prefaulter;
    private BackgroundThread sealer;
    private List<Agent> stages;
    private final String logServerEndpoint;
    private LogServerCounters logServerCounters;
    private AgentRunner logServerRunner;

    /**
     * @param engineContext       of the engine, not yet concluded: its directory, operator and settings; the
     *                            service gives it counters, the error handler and the egress.
     * @param outputChannel       of the output streams the leader publishes, empty for none.
     * @param slowClientTimeoutNs most a client or an output stream may back-pressure before its messages drop.
     */
    public ClusteredEngineService(
        final Engine.Context engineContext, final String outputChannel, final long slowClientTimeoutNs)
    {
        this(engineContext, outputChannel, slowClientTimeoutNs, "");
    }

    /**
     * @param engineContext       of the engine, not yet concluded: its directory, operator and settings; the
     *                            service gives it counters, the error handler and the egress.
     * @param outputChannel       of the output streams the leader publishes, empty for none.
     * @param slowClientTimeoutNs most a client or an output stream may back-pressure before its messages drop.
     * @param logServerEndpoint   host:port the member's log server takes follows of its journal on, empty for none.
     */
    public ClusteredEngineService(
        final Engine.Context engineContext,
        final String outputChannel,
        final long slowClientTimeoutNs,
        final String logServerEndpoint)
    {
        this.engineContext = engineContext;
        this.outputChannel = outputChannel;
        this.slowClientTimeoutNs = slowClientTimeoutNs;
        this.logServerEndpoint = logServerEndpoint;
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        idle = cluster.idleStrategy();
        counters = new NodeCounters(cluster.aeron());
        final Counter snapshotSequence = cluster.aeron().addCounter(
            NodeCounters.NODE_COUNTER_TYPE_ID, SNAPSHOT_SEQUENCE_LABEL);
        snapshotSequence.setRelease(NONE);
        lastSnapshotSequence = snapshotSequence;
        engineContext.stateFromHost(true).conclude();
        egress = new ClusterEgress(sessions, counters, SystemNanoClock.INSTANCE, slowClientTimeoutNs,
            engineContext.maxMessageLength(), outputChannel, engineContext.operator().outputStreamIds());
        engine = Engine.launch(engineContext
            .counters(counters)
            .errorHandler(cluster.context().countedErrorHandler())
            .egress(egress));
        stages = engine.stages();
        final System.Logger logger = System.getLogger(ClusteredEngineService.class.getName());
        if (engineContext.journalPrefault())
        {
            prefaulter = BackgroundThread.startPrefaulter(
                engine.journalPrefaulter(), cluster.context().countedErrorHandler(), logger);
        }
        sealer = BackgroundThread.startSealer(
            new JournalSealer(engineContext.journalDir()), cluster.context().countedErrorHandler(), logger);
        if (engineContext.journalRetention().isActive())
        {
            logger.log(System.Logger.Level.WARNING, "journal retention is not applied on a cluster member yet (its " +
                "recovery starts from Aeron Cluster's snapshots and log): every cycle is kept");
        }
        if (!logServerEndpoint.isEmpty())
        {
            startLogServer(cluster);
        }
        egress.onStart(cluster);
        if (null != snapshotImage)
        {
            snapshot.load(snapshotImage, engine, sessions, idle);
            loadedSnapshotSequence = engine.admission().nextEngineSequence() - 1;
            lastSnapshotSequence.setRelease(loadedSnapshotSequence);
        }
        schedule = new SnapshotSchedule(engineContext.snapshotInterval());
        schedule.onStart(cluster, engine.admission().nextEngineSequence());
        isStarted = true;
    }

    /**
     * The member's log server: follows and listings of its own journal, which holds what every member's does, on a
     * thread of its own with an Aeron client of its own (as a standalone node's), off the service's thread.
     */
    private void startLogServer(final Cluster cluster)
    {
        logServerCounters = new LogServerCounters(cluster.aeron());
        final LogServer logServer = new LogServer(null, cluster.aeron().context().aeronDirectoryName(), engine,
            engineContext.operator().outputStreamIds(), engineContext.principals(),
            List.of("aeron:udp?endpoint=" + logServerEndpoint), logServerCounters,
            cluster.context().countedErrorHandler(), SystemNanoClock.INSTANCE,
            NodeConfiguration.CONNECT_TIMEOUT_DEFAULT_NS, NodeConfiguration.MAX_FOLLOWS_DEFAULT,
            engineContext.maxMessageLength());
        logServerRunner = new AgentRunner(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(1)), cluster.context().countedErrorHandler(), null, logServer);
        AgentRunner.startOnThread(logServerRunner);
    }

    /**
     * @return the member's log server's counters, null when it runs none.
     */
    LogServerCounters logServerCounters()
    {
        return logServerCounters;
    }

    /**
     * {@inheritDoc}
     */
    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        if (TimeUnit.NANOSECONDS != timeUnit)
        {
            throw new IllegalStateException("the cluster's time is in " + timeUnit + ": StreamFlow stamps commands " +
                "with cluster time in nanoseconds (a NanosecondClusterClock)");
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        sessions.onSessionClosed(session.id());
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        // A committed message cannot be left in the transport: make room, then admit it and apply it at once.
        idle.reset();
        while (0 == engine.admission().freeSlots())
        {
            idle.idle(runStages());
        }
        engine.admission().onMessage(sessions.current(session.id()), timestamp, buffer, offset, length);
        awaitApplied();
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        awaitApplied();
        snapshot.take(engine, sessions, snapshotPublication, idle);
        final long nextSequence = engine.admission().nextEngineSequence();
        schedule.onSnapshot(nextSequence);
        counters.snapshots.incrementRelease();
        lastSnapshotSequence.setRelease(nextSequence - 1);
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        egress.onRoleChange(newRole);
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
        close();
    }

    /**
     * {@inheritDoc}
     */
    public int doBackgroundWork(final long nowNs)
    {
        if (null == engine)
        {
            return 0;
        }
        int workCount = runStages();
        workCount += schedule.poll(role, engine.admission().nextEngineSequence(), nowNs);
        final long request = stateHashRequest;
        final StateHashSample last = stateHash;
        if ((null == last || last.request() < request) && engine.isApplied())
        {
            final int length = engine.encodeState(stateBuffer);
            stateHash = new StateHashSample(request, engine.admission().nextEngineSequence() - 1,
                StateHash.of(stateBuffer, 0, length));
            workCount++;
        }
        return workCount;
    }

    /**
     * Ask for the engine's state hash, computed on the service thread once every command admitted is applied.
     *
     * @return the request, to find its answer in {@link #stateHash()}.
     */
    long requestStateHash()
    {
        final long request = stateHashRequest + 1;
        stateHashRequest = request;
        return request;
    }

    /**
     * @return the latest state hash computed on request, or null. Any thread.
     */
    StateHashSample stateHash()
    {
        return stateHash;
    }

    /**
     * @return true once the service has started: its engine launched and restored from the snapshot, if any.
     */
    boolean isStarted()
    {
        return isStarted;
    }

    /**
     * @return engine sequence of the last command in the snapshot the service started from, or {@link #NONE}.
     */
    long loadedSnapshotSequence()
    {
        return loadedSnapshotSequence;
    }

    /**
     * @return engine sequence of the last command in the latest snapshot loaded or taken, or {@link #NONE}.
     */
    long lastSnapshotSequence()
    {
        final Counter counter = lastSnapshotSequence;
        return null == counter ? NONE : counter.get();
    }

    /**
     * @return the engine, once the service has started; for tests and tools on the service thread.
     */
    Engine engine()
    {
        return engine;
    }

    /**
     * @return the node counters, once started.
     */
    NodeCounters counters()
    {
        return counters;
    }

    /**
     * @param outputStreamId of an output stream.
     * @return true when this member publishes it (it leads) and a subscriber is connected. Any thread.
     */
    boolean isOutputConnected(final int outputStreamId)
    {
        return null != egress && egress.isOutputConnected(outputStreamId);
    }

    /**
     * Close the engine: its stages' last work, then the journal.
     */
    void close()
    {
        CloseHelper.quietCloseAll(logServerRunner, sealer, prefaulter);
        logServerRunner = null;
        sealer = null;
        prefaulter = null;
        if (null != engine)
        {
            for (final Agent stage : stages)
            {
                stage.onClose();
            }
            CloseHelper.quietCloseAll(egress, engine, lastSnapshotSequence, logServerCounters, counters);
            engine = null;
        }
    }

    private void awaitApplied()
    {
        idle.reset();
        while (!engine.isApplied())
        {
            idle.idle(runStages());
        }
        runStages();
    }

    private int runStages()
    {
        int workCount = 0;
        for (int i = 0, size = stages.size(); i < size; i++)
        {
            try
            {
                workCount += stages.get(i).doWork();
            }
            catch (final Exception ex)
            {
                cluster.context().countedErrorHandler().onError(ex);
            }
        }
        return workCount;
    }
}
