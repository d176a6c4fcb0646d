package io.streamflow.cli;

import io.aeron.cluster.ClusterMember;
import io.aeron.cluster.service.Cluster;
import io.streamflow.cluster.ClusterNode;
import io.streamflow.engine.Engine;
import io.streamflow.protocol.ProtocolDefaults;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code streamflow cluster-node}: one member of a cluster until SIGINT or SIGTERM, or until the cluster shuts it down.
 */
@Command(
    name = "cluster-node",
    mixinStandardHelpOptions = true,
    description = {
        "Run one member of a StreamFlow cluster (Aeron Cluster: media driver, archive, consensus module, and the",
        "engine as its clustered service) on its node directory until SIGINT/SIGTERM. Every member runs the same",
        "engine over the replicated log; clients connect with --cluster and follow the leader.",
        "Prints a line for every change of this member's role."
    })
final class ClusterNodeCommand extends ToolCommand implements Callable<Integer>
{
    static final String READY = "streamflow cluster-node ready: member ";
    static final String ROLE = "streamflow cluster-node role: member ";

    @Option(names = "--member-id", required = true, description = "This member's id among the members.")
    int memberId;

    @Mixin
    ClusterMembersOptions members;

    @Option(names = "--dir", required = true, description = "Node directory, this member's alone: DIR/journal, " +
        "DIR/cluster (consensus), DIR/archive (the replicated log and snapshots), DIR/errors.dat.")
    File dir;

    @Option(names = "--aeron-dir", description = "Media driver directory. Default: one of its own per directory.")
    String aeronDir;

    @Option(names = "--output-channel", description = "Channel this member publishes the output streams on while " +
        "it leads, or 'none'. Default: a multi-destination-cast whose control endpoint is on the ingress host, at " +
        "the ingress port + 5, where clients look for it.")
    String outputChannel;

    @Option(names = "--log-endpoint", description = "host:port of this member's log server, where consumers follow " +
        "and list its journal (consume --cluster ... --log-endpoint), or none. Default: its ingress host, at its " +
        "ingress port + " + ProtocolDefaults.CLUSTER_LOG_SERVER_PORT_OFFSET + ".")
    String logEndpoint;

    @Option(names = "--leader-heartbeat-timeout-ms", description = "Silence from the leader before the others " +
        "elect a new one: the floor of a failover's time without acks. Default: ${DEFAULT-VALUE}")
    long leaderHeartbeatTimeoutMs = TimeUnit.NANOSECONDS.toMillis(new ClusterNode.Context().leaderHeartbeatTimeoutNs());

    @Mixin
    EngineOptions engine;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws InterruptedException
    {
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread signalWatcher = new Thread(() ->
            {
                barrier.await();
                stop.set(true);
            }, "signal-watcher");
            signalWatcher.setDaemon(true);
            signalWatcher.start();

            final Engine.Context engineCtx = engine.applyTo(new Engine.Context());
            engineCtx.operator(engine.operatorContext(engineCtx).newOperator());
            final ClusterNode.Context ctx = new ClusterNode.Context()
                .memberId(memberId)
                .clusterMembers(members.members())
                .dir(dir)
                .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(leaderHeartbeatTimeoutMs))
                .engine(engineCtx);
            if (null != aeronDir)
            {
                ctx.aeronDirectoryName(aeronDir);
            }
            if (null != outputChannel)
            {
                ctx.outputChannel("none".equals(outputChannel) ? "" : outputChannel);
            }
            ctx.logServerEndpoint(null == logEndpoint ? ClientOptions.logServerEndpointOf(
                ClusterMember.parse(members.members())[memberId].ingressEndpoint()) :
                "none".equals(logEndpoint) ? "" : logEndpoint);

            try (ClusterNode node = ClusterNode.launch(ctx))
            {
                final ClusterMember member = ctx.member();
                out().println(READY + memberId + " of " + ClusterMember.parse(ctx.clusterMembers()).length +
                    ", pid " + ProcessHandle.current().pid() + ", dir " + dir + ", ingress " +
                    member.ingressEndpoint() + ", log server " + (ctx.logServerEndpoint().isEmpty() ? "none" :
                    ctx.logServerEndpoint()) + ", output " + (ctx.outputChannel().isEmpty() ? "none" :
                    ctx.outputChannel()) + "; Ctrl-C to stop");
                out().flush();
                Cluster.Role reported = null;
                while (!stop.get() && !node.awaitTermination(50, TimeUnit.MILLISECONDS))
                {
                    final Cluster.Role role = node.role();
                    if (role != reported)
                    {
                        reported = role;
                        out().println(ROLE + memberId + " is " + role);
                        out().flush();
                    }
                }
                out().println("streamflow cluster-node stopping: member " + memberId);
            }
            out().println("streamflow cluster-node stopped: member " + memberId);
            out().flush();
        }
        return 0;
    }
}
