package io.streamflow.cluster;

import io.aeron.CommonContext;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterMember;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.streamflow.engine.DirectoryLock;
import io.streamflow.engine.Engine;
import io.streamflow.engine.ErrorLog;
import io.streamflow.engine.NodeCounters;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One member of a StreamFlow cluster: a {@link ClusteredMediaDriver} (media driver, archive, consensus module) and a
 * {@link ClusteredServiceContainer} running the {@link ClusteredEngineService}, all on the directories of one node
 * directory, which the member owns for its life (an OS lock, as a standalone node's).
 * <pre>
 *   DIR/journal, DIR/errors.dat   the engine's journal and the member's error log, as on a standalone node
 *   DIR/cluster                   the consensus module's and the service's files (recording log, mark files)
 *   DIR/archive                   the archive: the cluster log and the snapshots
 * </pre>
 * Consensus, elections and log replication are Aeron Cluster's; this class only configures it, with the settings
 * that ran stably on two cores (shared driver and archive threads, a backoff idle strategy parking at most 100 us).
 */
public final class ClusterNode implements AutoCloseable
{
    /** Beyond the driver timeout, how long a launch waits for a dead process's mark files to age out. */
    static final long MARK_FILE_GRACE_MS = 5_000;

    private static final long MARK_FILE_RETRY_MS = 500;

    private final Context ctx;
    private final DirectoryLock directoryLock;
    private final ErrorLog errorLog;
    private final ClusteredEngineService service;
    private final ClusteredMediaDriver clusteredDriver;
    private final ClusteredServiceContainer container;
    private final CountDownLatch terminated = new CountDownLatch(1);

    private ClusterNode(final Context ctx, final DirectoryLock directoryLock, final ErrorLog errorLog)
    {
        this.ctx = ctx;
        this.directoryLock = directoryLock;
        this.errorLog = errorLog;
        // Errors of this attempt go to the member's error log, unless the attempt is given up (to be tried again):
        // closing what it started then interrupts agents still starting, which is no fault of theirs.
        final AttemptErrors attemptErrors = new AttemptErrors(errorLog, ctx.engine().logger());
        final List<AutoCloseable> opened = new ArrayList<>();
        try
        {

            final ClusterMember member = ctx.member();
            final String host = ClusterMembers.hostOf(member.consensusEndpoint());
            final Supplier<IdleStrategy> idle = ClusterNode::idleStrategy;

            final MediaDriver.Context driverCtx = new MediaDriver.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(idle.get())
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .errorHandler(attemptErrors);
            final Archive.Context archiveCtx = new Archive.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .archiveDir(new File(ctx.dir(), "archive"))
                .archiveId(ctx.memberId())
                .controlChannel("aeron:udp?endpoint=" + member.archiveEndpoint())
                .localControlChannel("aeron:ipc?term-length=64k")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .recordingEventsEnabled(false)
                .threadingMode(ArchiveThreadingMode.SHARED)
                .idleStrategySupplier(idle)
                .errorHandler(attemptErrors);
            final AeronArchive.Context archiveClient = new AeronArchive.Context()
                .lock(NoOpLock.INSTANCE)
                .controlRequestChannel(archiveCtx.localControlChannel())
                .controlRequestStreamId(archiveCtx.localControlStreamId())
                .controlResponseChannel(archiveCtx.localControlChannel())
                .aeronDirectoryName(ctx.aeronDirectoryName());
            final ConsensusModule.Context consensusCtx = new ConsensusModule.Context()
                .clusterMemberId(ctx.memberId())
                .clusterMembers(ctx.clusterMembers())
                .clusterDir(ctx.clusterDir())
                .archiveContext(archiveClient.clone())
                .serviceCount(1)
                .ingressChannel("aeron:udp?term-length=128k")
                .logChannel("aeron:udp?term-length=4m")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .clusterClock(new NanosecondClusterClock())
                .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(100))
                .leaderHeartbeatTimeoutNs(ctx.leaderHeartbeatTimeoutNs())
                .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
                .startupCanvassTimeoutNs(ctx.leaderHeartbeatTimeoutNs() * 5)
                .sessionTimeoutNs(ctx.sessionTimeoutNs())
                // As many cluster sessions as the engine takes clients (Aeron's default is 10).
                .maxConcurrentSessions(ctx.engine().maxClients())
                .idleStrategySupplier(idle)
                .errorHandler(attemptErrors)
                .terminationHook(terminated::countDown);

            service = new ClusteredEngineService(ctx.engine(), ctx.outputChannel(), ctx.slowClientTimeoutNs(),
                ctx.logServerEndpoint());
            clusteredDriver = ClusteredMediaDriver.launch(driverCtx, archiveCtx, consensusCtx);
            opened.add(clusteredDriver);
            container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .archiveContext(archiveClient.clone())
                .clusterDir(ctx.clusterDir())
                .clusteredService(service)
                .serviceId(0)
                .idleStrategySupplier(idle)
                .errorHandler(attemptErrors)
                .terminationHook(terminated::countDown));
        }
        catch (final RuntimeException ex)
        {
            attemptErrors.giveUp();
            for (int i = opened.size() - 1; i >= 0; i--)
            {
                CloseHelper.quietClose(opened.get(i));
            }
            throw ex;
        }
    }

    /**
     * Launch the member: it joins the cluster (an election, or the leader it finds) and recovers its state from the
     * cluster's snapshot and log.
     * <p>
     * A member whose previous process died without closing (SIGKILL, a host failure) left its archive's and consensus
     * module's mark files looking active for the media driver timeout: Aeron refuses to start over them until they
     * age out. The node directory's lock proves that process is gone, so the launch waits for them, up to the driver
     * timeout and {@value #MARK_FILE_GRACE_MS} ms more, instead of failing.
     *
     * @param ctx configuration; concluded here.
     * @return the member, running.
     */
    public static ClusterNode launch(final Context ctx)
    {
        ctx.conclude();
        final long deadlineNs = System.nanoTime() +
            TimeUnit.MILLISECONDS.toNanos(CommonContext.DRIVER_TIMEOUT_MS + MARK_FILE_GRACE_MS);
        // The directory and its error log are taken once for every attempt: a retry must not rotate away the error
        // log of the process before.
        final DirectoryLock directoryLock = DirectoryLock.acquire(ctx.dir(), ctx.aeronDirectoryName());
        final ErrorLog errorLog;
        try
        {
            errorLog = ErrorLog.create(ctx.dir(), ctx.engine().logger());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(directoryLock);
            throw ex;
        }
        boolean logged = false;
        while (true)
        {
            try
            {
                return new ClusterNode(ctx, directoryLock, errorLog);
            }
            catch (final RuntimeException ex)
            {
                if (!isActiveMarkFile(ex) || System.nanoTime() - deadlineNs > 0)
                {
                    CloseHelper.quietCloseAll(errorLog, directoryLock);
                    throw ex;
                }
                if (!logged)
                {
                    logged = true;
                    ctx.engine().logger().log(System.Logger.Level.INFO, "member " + ctx.memberId() + ": the " +
                        "previous process on " + ctx.dir() + " died without closing; waiting for its mark files " +
                        "to age out (at most " + (CommonContext.DRIVER_TIMEOUT_MS + MARK_FILE_GRACE_MS) +
                        " ms)");
                }
                sleepQuietly(MARK_FILE_RETRY_MS);
            }
        }
    }

    /**
     * The error handler of one launch attempt: the member's error log, until the attempt is given up; then what
     * closing it raises is logged at INFO, not counted as the member's errors.
     */
    private static final class AttemptErrors implements ErrorHandler
    {
        private final ErrorHandler errorLog;
        private final System.Logger logger;
        private volatile boolean isGivenUp;

        AttemptErrors(final ErrorHandler errorLog, final System.Logger logger)
        {
            this.errorLog = errorLog;
            this.logger = logger;
        }

        void giveUp()
        {
            isGivenUp = true;
        }

        public void onError(final Throwable throwable)
        {
            if (isGivenUp)
            {
                logger.log(System.Logger.Level.INFO, "closing a launch attempt to be tried again: " + throwable);
            }
            else
            {
                errorLog.onError(throwable);
            }
        }
    }

    private static boolean isActiveMarkFile(final Throwable ex)
    {
        for (Throwable cause = ex; null != cause; cause = cause.getCause())
        {
            // Agrona's MarkFile and Aeron's archive and cluster mark files say it in their own words and case.
            if (null != cause.getMessage() &&
                cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("active mark file detected"))
            {
                return true;
            }
        }
        return false;
    }

    private static void sleepQuietly(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for stale mark files", ex);
        }
    }

    /**
     * @return the configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * @return the member's error log.
     */
    public ErrorLog errorLog()
    {
        return errorLog;
    }

    /**
     * @return the consensus module's context, for its role and commit position counters.
     */
    public ConsensusModule.Context consensusModuleContext()
    {
        return clusteredDriver.consensusModule().context();
    }

    /**
     * The whole engine's state hash (dedup table, sequence, time, operator), computed on the service thread once
     * every command it has admitted is applied: equal on every member at the same engine sequence.
     *
     * @param timeoutMs to wait for it.
     * @return the engine sequence of the last command applied and the hash, as {@code [sequence, hash]}.
     * @throws IllegalStateException when the service did not answer in time.
     */
    public long[] stateHash(final long timeoutMs)
    {
        final long request = service.requestStateHash();
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        ClusteredEngineService.StateHashSample hash;
        while (null == (hash = service.stateHash()) || hash.request() < request)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("member " + ctx.memberId() + " computed no state hash within " +
                    timeoutMs + " ms");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return new long[]{ hash.lastSequence(), hash.hash() };
    }

    /**
     * @return true once the service has started: its engine launched and restored from the cluster's snapshot, if
     * there is one; the log after it may still be replaying. Any thread.
     */
    public boolean isServiceStarted()
    {
        return service.isStarted();
    }

    /**
     * @return engine sequence of the last command in the snapshot this member started from, or
     * {@link ClusteredEngineService#NONE}.
     */
    public long loadedSnapshotSequence()
    {
        return service.loadedSnapshotSequence();
    }

    /**
     * @return engine sequence of the last command in the latest snapshot loaded or taken, or
     * {@link ClusteredEngineService#NONE}.
     */
    public long lastSnapshotSequence()
    {
        return service.lastSnapshotSequence();
    }

    /**
     * @return the engine's counters, once the service has started. Any thread.
     */
    public NodeCounters counters()
    {
        return service.counters();
    }

    /**
     * @return where this member's election stands: {@link ElectionState#CLOSED} when none is running. Any thread.
     */
    public ElectionState electionState()
    {
        return ElectionState.get(consensusModuleContext().electionStateCounter());
    }

    /**
     * @return this member's commit position in the cluster log. Any thread.
     */
    public long commitPosition()
    {
        return consensusModuleContext().commitPositionCounter().get();
    }

    /**
     * @return this member's role now: follower, candidate or leader. Any thread.
     */
    public Cluster.Role role()
    {
        return Cluster.Role.get(consensusModuleContext().clusterNodeRoleCounter());
    }

    /**
     * Wait until the cluster terminates this member (a shutdown through ClusterTool), or the timeout passes.
     *
     * @param timeout to wait.
     * @param unit    of the timeout.
     * @return true when it was terminated.
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitTermination(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return terminated.await(timeout, unit);
    }

    ClusteredEngineService service()
    {
        return service;
    }

    /**
     * Stop the member: the service container, then the consensus module, archive and media driver; then release
     * the directory.
     */
    public void close()
    {
        CloseHelper.closeAll(container, clusteredDriver, errorLog, directoryLock);
    }

    private static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * Configuration of one member. The engine's settings are an {@link Engine.Context} of their own; its directory
     * is the node directory.
     */
    public static final class Context
    {
        private int memberId = -1;
        private String clusterMembers;
        private File dir;
        private String aeronDirectoryName;
        private Engine.Context engine = new Engine.Context();
        private String outputChannel;
        private long leaderHeartbeatTimeoutNs = TimeUnit.SECONDS.toNanos(2);
        private long sessionTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long slowClientTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private String logServerEndpoint = "";
        private ClusterMember member;
        private boolean isConcluded;

        /**
         * Validate, and derive what was not set.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first setting that is wrong.
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                return this;
            }
            if (null == dir)
            {
                throw new IllegalArgumentException("the node directory must be set");
            }
            if (null == clusterMembers || clusterMembers.isEmpty())
            {
                throw new IllegalArgumentException("the cluster members must be set");
            }
            for (final ClusterMember candidate : ClusterMember.parse(clusterMembers))
            {
                if (candidate.id() == memberId)
                {
                    member = candidate;
                }
            }
            if (null == member)
            {
                throw new IllegalArgumentException("member id " + memberId + " is not among the cluster members " +
                    clusterMembers);
            }
            if (null == aeronDirectoryName)
            {
                aeronDirectoryName = CommonContext.getAeronDirectoryName() + "-streamflow-member-" + memberId + "-" +
                    Integer.toHexString(dir.getAbsolutePath().hashCode());
            }
            if (null == outputChannel)
            {
                outputChannel = ClusterMembers.outputChannel(member);
            }
            engine.dir(dir);
            isConcluded = true;
            return this;
        }

        /**
         * @param memberId of this member among the cluster members.
         * @return this for a fluent API.
         */
        public Context memberId(final int memberId)
        {
            this.memberId = memberId;
            return this;
        }

        /**
         * @return id of this member.
         */
        public int memberId()
        {
            return memberId;
        }

        /**
         * @param clusterMembers every member and its endpoints, in Aeron Cluster's format
         *                       ({@code id,ingress,consensus,log,catchup,archive|...}; see {@link ClusterMembers}).
         * @return this for a fluent API.
         */
        public Context clusterMembers(final String clusterMembers)
        {
            this.clusterMembers = clusterMembers;
            return this;
        }

        /**
         * @return every member and its endpoints.
         */
        public String clusterMembers()
        {
            return clusterMembers;
        }

        /**
         * @return this member's endpoints, after {@link #conclude()}.
         */
        public ClusterMember member()
        {
            return member;
        }

        /**
         * @param dir node directory, owned by this member alone.
         * @return this for a fluent API.
         */
        public Context dir(final File dir)
        {
            this.dir = dir;
            return this;
        }

        /**
         * @return the node directory.
         */
        public File dir()
        {
            return dir;
        }

        /**
         * @return the consensus module's and service's directory.
         */
        public File clusterDir()
        {
            return new File(dir, "cluster");
        }

        /**
         * @param aeronDirectoryName of this member's own media driver.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @return the media driver's directory.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param engine settings of the engine (operator, ring, dedup window, streams, credentials); its directory is
         *               set to the node directory.
         * @return this for a fluent API.
         */
        public Context engine(final Engine.Context engine)
        {
            this.engine = engine;
            return this;
        }

        /**
         * @return the engine's settings.
         */
        public Engine.Context engine()
        {
            return engine;
        }

        /**
         * @param outputChannel Aeron channel on which the member publishes the output streams while it leads; empty
         *                      for none. Default: {@link ClusterMembers#outputChannel}, where clients look for it.
         * @return this for a fluent API.
         */
        public Context outputChannel(final String outputChannel)
        {
            this.outputChannel = outputChannel;
            return this;
        }

        /**
         * @return the output streams' channel, empty for none.
         */
        public String outputChannel()
        {
            return outputChannel;
        }

        /**
         * @param leaderHeartbeatTimeoutNs how long without the leader's heartbeat before an election: the floor of a
         *                                 failover's time without acks.
         * @return this for a fluent API.
         */
        public Context leaderHeartbeatTimeoutNs(final long leaderHeartbeatTimeoutNs)
        {
            this.leaderHeartbeatTimeoutNs = leaderHeartbeatTimeoutNs;
            return this;
        }

        /**
         * @return the leader heartbeat timeout.
         */
        public long leaderHeartbeatTimeoutNs()
        {
            return leaderHeartbeatTimeoutNs;
        }

        /**
         * @param sessionTimeoutNs how long a client may be silent before the cluster closes its session.
         * @return this for a fluent API.
         */
        public Context sessionTimeoutNs(final long sessionTimeoutNs)
        {
            this.sessionTimeoutNs = sessionTimeoutNs;
            return this;
        }

        /**
         * @return the session timeout.
         */
        public long sessionTimeoutNs()
        {
            return sessionTimeoutNs;
        }

        /**
         * @param slowClientTimeoutNs most a client or output stream may back-pressure before its messages drop.
         * @return this for a fluent API.
         */
        public Context slowClientTimeoutNs(final long slowClientTimeoutNs)
        {
            this.slowClientTimeoutNs = slowClientTimeoutNs;
            return this;
        }

        /**
         * @return the slow-client timeout.
         */
        public long slowClientTimeoutNs()
        {
            return slowClientTimeoutNs;
        }

        /**
         * @param logServerEndpoint host:port the member's log server takes follows and listings of its journal on
         *                          (as a standalone node's ingress does: {@code consume --log-endpoint}); empty (the
         *                          default) for none.
         * @return this for a fluent API.
         */
        public Context logServerEndpoint(final String logServerEndpoint)
        {
            this.logServerEndpoint = logServerEndpoint;
            return this;
        }

        /**
         * @return host:port of the member's log server, empty for none.
         */
        public String logServerEndpoint()
        {
            return logServerEndpoint;
        }
    }
}
