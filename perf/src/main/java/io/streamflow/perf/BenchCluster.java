package io.streamflow.perf;

import io.aeron.cluster.service.Cluster;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.cluster.ClusterMembers;
import io.streamflow.cluster.ClusterNode;
import io.streamflow.engine.Engine;
import io.streamflow.pipelines.StandardOperator;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * A three-member cluster on loopback in the bench's JVM (each member its own media driver, archive, consensus module
 * and service, as {@code cluster-node} runs one), and a clustered client of it over UDP.
 */
final class BenchCluster implements AutoCloseable
{
    static final int MEMBERS = 3;

    private final File dir;
    private final ClusterNode[] nodes = new ClusterNode[MEMBERS];
    private final String members;

    BenchCluster(final File journalParent) throws IOException
    {
        dir = Files.createTempDirectory(journalParent.toPath(), "streamflow-bench-cluster").toFile();
        members = ClusterMembers.loopback(MEMBERS, ClusterMembers.freeLoopbackBasePort(MEMBERS));
        try
        {
            for (int id = 0; id < MEMBERS; id++)
            {
                start(id);
            }
            awaitLeader(TimeUnit.SECONDS.toNanos(60));
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @return a client following the leader, with a media driver of its own.
     */
    StreamFlowClient client()
    {
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .embeddedDriver(true)
            .aeronDirectoryName(PerfNodes.freshAeronDir("bench-cluster-client"))
            .clusterIngressEndpoints(ClusterMembers.ingressEndpoints(members)));
    }

    /**
     * Start a member (again, after {@link #stop(int)}): it recovers from its directory and rejoins.
     *
     * @param id of the member.
     */
    void start(final int id)
    {
        nodes[id] = ClusterNode.launch(new ClusterNode.Context()
            .memberId(id)
            .clusterMembers(members)
            .dir(new File(dir, "node-" + id))
            .aeronDirectoryName(PerfNodes.freshAeronDir("bench-cluster-" + id))
            .engine(new Engine.Context().operator(new StandardOperator.Context().newOperator())));
    }

    /**
     * @param id of a running member: stopped, as when its host goes away (its leadership is not handed over).
     */
    void stop(final int id)
    {
        CloseHelper.close(nodes[id]);
        nodes[id] = null;
    }

    /**
     * @param timeoutNs to wait.
     * @return the member that leads, once one does.
     */
    int awaitLeader(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (System.nanoTime() - deadlineNs < 0)
        {
            for (int id = 0; id < MEMBERS; id++)
            {
                if (null != nodes[id] && Cluster.Role.LEADER == nodes[id].role())
                {
                    return id;
                }
            }
            Thread.yield();
        }
        throw new IllegalStateException("no leader among the bench's cluster members after " +
            TimeUnit.NANOSECONDS.toSeconds(timeoutNs) + " s");
    }

    /**
     * Stop the members, then remove their directories.
     */
    public void close()
    {
        CloseHelper.closeAll(nodes);
        IoUtil.delete(dir, true);
    }
}
