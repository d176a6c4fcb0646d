package io.streamflow.cli;

import io.aeron.cluster.ClusterMember;
import io.aeron.cluster.ClusterTool;
import io.streamflow.cluster.ClusterBackupNode;
import io.streamflow.cluster.ClusterMembers;
import io.streamflow.cluster.MemberStatus;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow cluster start|status|snapshot}: a cluster on this host, and the operations on one.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "A StreamFlow cluster: start one on this host, show its members, take a snapshot, back it up.",
    subcommands = {
        ClusterCommand.Start.class,
        ClusterCommand.Status.class,
        ClusterCommand.Snapshot.class,
        ClusterCommand.Backup.class
    })
final class ClusterCommand extends ToolCommand implements Runnable
{
    /**
     * {@inheritDoc}
     */
    public void run()
    {
        spec.commandLine().usage(out());
    }

    /**
     * @param dir of a cluster (node directories {@code node-N} in it) or of one member.
     * @return the node directories of its members, by name.
     */
    static List<File> memberDirs(final File dir)
    {
        final List<File> dirs = new ArrayList<>();
        if (new File(dir, "cluster").isDirectory())
        {
            dirs.add(dir);
            return dirs;
        }
        final File[] children = dir.listFiles((child) -> new File(child, "cluster").isDirectory());
        if (null != children)
        {
            Arrays.sort(children);
            dirs.addAll(Arrays.asList(children));
        }
        if (dirs.isEmpty())
        {
            throw new IllegalArgumentException(dir + " holds no cluster member: no cluster/ in it or its directories");
        }
        return dirs;
    }

    /**
     * A command on the members of a cluster on this host, found from a cluster directory or a member's own.
     */
    abstract static class OnMembers extends ToolCommand implements Callable<Integer>
    {
        @Option(names = "--dir", required = true, description = "Cluster directory, or one member's node directory.")
        File dir;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            return run(memberDirs(dir));
        }

        /**
         * @param memberDirs node directories of the members.
         * @return the exit code.
         */
        abstract int run(List<File> memberDirs);
    }

    /**
     * {@code cluster start}: the members as child processes, until Ctrl-C.
     */
    @Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Start a cluster on loopback, each member its own process (streamflow cluster-node) on DIR/node-N;",
            "print the members, their ports and the leader, then run until Ctrl-C, which stops them all.",
            "Options after -- go to every member (engine options: --pipelines, --snapshot-interval, ...)."
        })
    static final class Start extends ToolCommand implements Callable<Integer>
    {
        @Option(names = "--nodes", description = "Members. Default: ${DEFAULT-VALUE}")
        int nodes = 3;

        @Option(names = "--dir", required = true, description = "Cluster directory: a node directory per member.")
        File dir;

        @Option(names = "--base-port", description = "Base port of member 0 (member n: + " +
            ClusterMembers.PORTS_PER_MEMBER + " * n). Default: one found free.")
        int basePort;

        @Parameters(description = "Options for every member, after --.")
        List<String> memberArgs = new ArrayList<>();

        /**
         * {@inheritDoc}
         */
        public Integer call() throws IOException
        {
            // The barrier's shutdown hook holds the JVM until the barrier is closed: after the members and the last
            // word.
            try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
            {
                runUntilSignalled(barrier);
                out().println("streamflow cluster stopped");
                out().flush();
            }
            return 0;
        }

        private void runUntilSignalled(final ShutdownSignalBarrier barrier) throws IOException
        {
            try (ClusterProcesses cluster = new ClusterProcesses(dir, nodes, basePort, memberArgs).start())
            {
                final int leader = cluster.awaitLeader(60_000);
                out().println("streamflow cluster ready: " + nodes + " members in " + dir);
                out().printf(Locale.ROOT, "%-6s %-8s %-16s %-16s %-16s %-16s %-16s %s%n", "member", "pid",
                    "ingress", "consensus", "log", "catchup", "archive", "role");
                for (final ClusterMember member : ClusterMember.parse(cluster.members()))
                {
                    out().printf(Locale.ROOT, "%-6d %-8d %-16s %-16s %-16s %-16s %-16s %s%n", member.id(),
                        cluster.pid(member.id()), member.ingressEndpoint(), member.consensusEndpoint(),
                        member.logEndpoint(), member.catchupEndpoint(), member.archiveEndpoint(),
                        member.id() == leader ? "LEADER" : "FOLLOWER");
                }
                out().println("leader: member " + leader);
                out().println("members: " + cluster.members());
                out().println("clients: --cluster " + cluster.ingressEndpoints());
                out().println("logs: " + dir + "/node-N/" + ClusterProcesses.LOG_FILE + "; Ctrl-C stops the cluster");
                out().flush();
                barrier.await();
                out().println("streamflow cluster stopping");
                out().flush();
            }
        }
    }

    /**
     * {@code cluster status}: each member's role, log position and latest snapshot, from its files.
     */
    @Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show each member of a cluster on this host: pid, running, role, election, commit position, " +
            "last engine sequence journaled, latest snapshot.")
    static final class Status extends OnMembers
    {
        int run(final List<File> memberDirs)
        {
            out().printf(Locale.ROOT, "%-6s %-8s %-8s %-9s %-10s %-15s %-16s %-17s %s%n", "member", "pid", "running",
                "role", "election", "commit pos", "journal last seq", "snapshot last seq", "snapshot log pos");
            int leaders = 0;
            for (final File memberDir : memberDirs)
            {
                final MemberStatus status = MemberStatus.read(memberDir);
                leaders += status.isLeader() ? 1 : 0;
                out().printf(Locale.ROOT, "%-6d %-8d %-8s %-9s %-10s %-15d %-16d %-17d %d%n", status.memberId(),
                    status.pid(), status.isRunning() ? "yes" : "no", null == status.role() ? "-" : status.role(),
                    null == status.electionState() ? "-" : status.electionState(), status.commitPosition(),
                    status.journalLastSequence(), status.snapshotSequence(), status.snapshotLogPosition());
            }
            out().println(1 == leaders ? "one leader" : leaders + " leaders: an election runs, or no quorum");
            return 1 == leaders ? 0 : 1;
        }
    }

    /**
     * {@code cluster snapshot}: every member takes a snapshot at the same log position.
     */
    @Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Have the cluster take a snapshot now (through the leader's ClusterTool control), and wait " +
            "for it.")
    static final class Snapshot extends OnMembers
    {
        int run(final List<File> memberDirs)
        {
            for (final File memberDir : memberDirs)
            {
                if (MemberStatus.read(memberDir).isLeader())
                {
                    final ByteArrayOutputStream text = new ByteArrayOutputStream();
                    final boolean taken = ClusterTool.snapshot(new File(memberDir, "cluster"),
                        new PrintStream(text, true, StandardCharsets.UTF_8));
                    out().print(text.toString(StandardCharsets.UTF_8));
                    out().println(taken ? "snapshot taken" : "snapshot not taken");
                    return taken ? 0 : 1;
                }
            }
            err().println("no running leader among the members in " + dir);
            return 1;
        }
    }

    /**
     * {@code cluster backup}: Aeron's ClusterBackup of the log and snapshots into a directory, until Ctrl-C.
     */
    @Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Back up a cluster's log and snapshots into DIR (DIR/cluster, DIR/archive) with Aeron's ClusterBackup,",
            "following the live log, until Ctrl-C. To restore: stop every member, copy DIR/cluster and DIR/archive",
            "into each member's node directory, start them (docs/cluster.md)."
        })
    static final class Backup extends ToolCommand implements Callable<Integer>
    {
        @Mixin
        ClusterMembersOptions members;

        @Option(names = "--dir", required = true, description = "Backup directory, owned by the backup.")
        File dir;

        @Option(names = "--interval-s", description = "Seconds between queries for newer snapshots. " +
            "Default: ${DEFAULT-VALUE}")
        long intervalSeconds = 60;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
                ClusterBackupNode backup = ClusterBackupNode.launch(dir, members.members(),
                    TempDirs.newDriverDir("streamflow-backup").getPath(), TimeUnit.SECONDS.toNanos(intervalSeconds)))
            {
                out().println("streamflow cluster backup running: " + dir + "; Ctrl-C to stop");
                out().flush();
                barrier.await();
                out().println("streamflow cluster backup stopping: followed the log to position " +
                    backup.liveLogPosition());
                out().flush();
            }
            return 0;
        }
    }
}
