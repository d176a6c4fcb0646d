package io.streamflow.cli;

import io.streamflow.cluster.ClusterMembers;
import io.streamflow.cluster.MemberStatus;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster on this host, each member a child process running {@code streamflow cluster-node} with this JVM's
 * command, flags and class path, on its own node directory {@code DIR/node-N} with its output in
 * {@code DIR/node-N/member.log}.
 * <p>
 * Not thread safe.
 */
final class ClusterProcesses implements AutoCloseable
{
    static final String LOG_FILE = "member.log";

    private final File dir;
    private final String members;
    private final List<String> memberArgs;
    private final Process[] processes;

    /**
     * @param dir        of the cluster: a node directory per member in it.
     * @param count      of members.
     * @param basePort   of member 0 on loopback; 0 for a base port found free now.
     * @param memberArgs added to every member's command line (engine options).
     */
    ClusterProcesses(final File dir, final int count, final int basePort, final List<String> memberArgs)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("a cluster needs at least one member: " + count);
        }
        this.dir = dir;
        this.members = ClusterMembers.loopback(count, 0 == basePort ? ClusterMembers.freeLoopbackBasePort(count) :
            basePort);
        this.memberArgs = List.copyOf(memberArgs);
        this.processes = new Process[count];
    }

    /**
     * Start every member.
     *
     * @return this.
     * @throws IOException when a process cannot be started.
     */
    ClusterProcesses start() throws IOException
    {
        for (int id = 0; id < processes.length; id++)
        {
            start(id);
        }
        return this;
    }

    /**
     * Start one member (again, after it stopped): it recovers from its directory and rejoins.
     *
     * @param id of the member.
     * @throws IOException when the process cannot be started.
     */
    void start(final int id) throws IOException
    {
        final File memberDir = memberDir(id);
        if (!memberDir.isDirectory() && !memberDir.mkdirs())
        {
            throw new IOException("cannot create " + memberDir);
        }
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StreamFlowCli.class.getName());
        command.add("cluster-node");
        command.add("--member-id");
        command.add(Integer.toString(id));
        command.add("--members");
        command.add(members);
        command.add("--dir");
        command.add(memberDir.getPath());
        command.addAll(memberArgs);
        final File log = new File(memberDir, LOG_FILE);
        processes[id] = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    }

    /**
     * @return the members in Aeron Cluster's format.
     */
    String members()
    {
        return members;
    }

    /**
     * @return the members' ingress endpoints, as clients give them with {@code --cluster}.
     */
    String ingressEndpoints()
    {
        return ClusterMembers.ingressEndpoints(members);
    }

    int size()
    {
        return processes.length;
    }

    File memberDir(final int id)
    {
        return new File(dir, "node-" + id);
    }

    /**
     * @param id of a member.
     * @return its process id, or -1 when it was never started.
     */
    long pid(final int id)
    {
        return null == processes[id] ? -1 : processes[id].pid();
    }

    boolean isAlive(final int id)
    {
        return null != processes[id] && processes[id].isAlive();
    }

    /**
     * @param timeoutMs to wait.
     * @return the member that leads, once one does.
     * @throws IllegalStateException when none leads in time, or a member exited; its log is named.
     */
    int awaitLeader(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadlineNs < 0)
        {
            for (int id = 0; id < processes.length; id++)
            {
                if (null != processes[id] && !processes[id].isAlive() && processes[id].exitValue() != 137 &&
                    processes[id].exitValue() != 143)
                {
                    final File log = new File(memberDir(id), LOG_FILE);
                    throw new IllegalStateException("member " + id + " exited with " + processes[id].exitValue() +
                        ", its log " + log + " ends:\n" + tail(log, 10));
                }
                if (isAlive(id) && MemberStatus.read(memberDir(id)).isLeader())
                {
                    return id;
                }
            }
            sleep(20);
        }
        throw new IllegalStateException("no member leads after " + timeoutMs + " ms: see the member logs in " + dir);
    }

    /**
     * SIGKILL a member: no chance to close anything, as when its host fails.
     *
     * @param id of the member.
     * @param timeoutMs to wait for it to be gone.
     */
    void kill(final int id, final long timeoutMs)
    {
        processes[id].destroyForcibly();
        await(processes[id], timeoutMs);
    }

    /**
     * SIGTERM every member still running, the followers first and the leader last (so that no election starts on a
     * member about to stop), waiting for each to shut down (SIGKILL after 10 s).
     */
    public void close()
    {
        int leader = -1;
        for (int id = 0; id < processes.length; id++)
        {
            if (isAlive(id) && MemberStatus.read(memberDir(id)).isLeader())
            {
                leader = id;
            }
        }
        for (int id = 0; id < processes.length; id++)
        {
            if (id != leader)
            {
                stop(id);
            }
        }
        if (leader >= 0)
        {
            stop(leader);
        }
        // A member that was killed, or did not finish closing, leaves its media driver's directory (its term
        // buffers) in shared memory: nothing else will remove it.
        for (int id = 0; id < processes.length; id++)
        {
            final File aeronDir = MemberStatus.aeronDirectory(memberDir(id));
            if (null != aeronDir && aeronDir.exists() && !isAlive(id))
            {
                IoUtil.delete(aeronDir, true);
            }
        }
    }

    private void stop(final int id)
    {
        final Process process = processes[id];
        if (null != process && process.isAlive())
        {
            process.destroy();
            if (!await(process, 10_000))
            {
                process.destroyForcibly();
                await(process, 5_000);
            }
        }
    }

    private static boolean await(final Process process, final long timeoutMs)
    {
        try
        {
            return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(final File log, final int lines)
    {
        try
        {
            final List<String> all = java.nio.file.Files.readAllLines(log.toPath());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
