package io.streamflow.cluster;

import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.Cluster;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.Engine;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.ErrorLogCheck;
import io.streamflow.sequencer.Records;
import io.streamflow.sequencer.TestNodes;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Members of a loopback cluster in the test's JVM, each with its own media driver and directories under a temporary
 * directory of the test's own ({@code member-N}), on ports found free at run time; stopped and deleted after each
 * test. Register it as a field: {@code @RegisterExtension final TestCluster cluster = new TestCluster(3);}.
 */
final class TestCluster implements BeforeEachCallback, AfterEachCallback, AutoCloseable
{
    private final ClusterNode[] nodes;
    private final Consumer<Engine.Context> engineSettings;
    private File dir;
    private String members;
    private String[] logServerEndpoints;

    TestCluster(final int count)
    {
        this(count, (engine) -> { });
    }

    /**
     * @param count          of members.
     * @param engineSettings applied to each member's engine context, after the standard operator is set.
     */
    TestCluster(final int count, final Consumer<Engine.Context> engineSettings)
    {
        this.nodes = new ClusterNode[count];
        this.engineSettings = engineSettings;
    }

    /**
     * Give each member a log server, on a free loopback UDP port found when the test starts.
     *
     * @return this for a fluent API.
     */
    TestCluster withLogServers()
    {
        logServerEndpoints = new String[nodes.length];
        return this;
    }

    /**
     * @param id of a member.
     * @return host:port of its log server.
     */
    String logServerEndpoint(final int id)
    {
        return logServerEndpoints[id];
    }

    /**
     * {@inheritDoc}
     */
    public void beforeEach(final ExtensionContext context) throws IOException
    {
        dir = Files.createTempDirectory("streamflow-cluster-test").toFile();
        members = ClusterMembers.loopback(nodes.length, ClusterMembers.freeLoopbackBasePort(nodes.length));
        if (null != logServerEndpoints)
        {
            for (int id = 0; id < nodes.length; id++)
            {
                try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
                {
                    logServerEndpoints[id] = "localhost:" + socket.getLocalPort();
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void afterEach(final ExtensionContext context)
    {
        close();
        try
        {
            // The members' error logs are checked here, before the directory goes.
            new ErrorLogCheck().afterEach(context);
        }
        finally
        {
            IoUtil.delete(dir, true);
        }
    }

    /**
     * Launch every member.
     *
     * @return this.
     */
    TestCluster start()
    {
        for (int id = 0; id < nodes.length; id++)
        {
            start(id);
        }
        return this;
    }

    ClusterNode start(final int id)
    {
        final File memberDir = memberDir(id);
        ErrorLogCheck.watch(memberDir);
        final Engine.Context engine = new Engine.Context().operator(new StandardOperator.Context().newOperator());
        engineSettings.accept(engine);
        nodes[id] = ClusterNode.launch(new ClusterNode.Context()
            .memberId(id)
            .clusterMembers(members)
            .dir(memberDir)
            .aeronDirectoryName(TestNodes.aeronDirFor(memberDir))
            .logServerEndpoint(null == logServerEndpoints ? "" : logServerEndpoints[id])
            .engine(engine));
        final ClusterNode node = nodes[id];
        TestNodes.await(node::isServiceStarted, 30_000, () -> { }, "member " + id + "'s service to start");
        return node;
    }

    void stop(final int id)
    {
        CloseHelper.close(nodes[id]);
        nodes[id] = null;
    }

    /**
     * This test stops a leader, or a majority: the warnings Aeron Cluster counts in every member's error log then
     * (leader heartbeat timeouts, elections, a log truncated to the commit position) are expected.
     *
     * @param fragments of the warnings; none for any cluster warning.
     */
    void expectClusterWarnings(final String... fragments)
    {
        for (int id = 0; id < nodes.length; id++)
        {
            ErrorLogCheck.expect(memberDir(id), 0 == fragments.length ? new String[]{ "ClusterEvent: WARN" } :
                fragments);
        }
    }

    ClusterNode node(final int id)
    {
        return nodes[id];
    }

    String members()
    {
        return members;
    }

    int size()
    {
        return nodes.length;
    }

    File memberDir(final int id)
    {
        return new File(dir, "member-" + id);
    }

    /**
     * @param timeoutMs to wait.
     * @return the running member that leads, once one does.
     */
    ClusterNode awaitLeader(final long timeoutMs)
    {
        final ClusterNode[] leader = new ClusterNode[1];
        TestNodes.await(() ->
        {
            for (final ClusterNode node : nodes)
            {
                if (null != node && Cluster.Role.LEADER == node.role())
                {
                    leader[0] = node;
                    return true;
                }
            }
            return false;
        }, timeoutMs, () -> { }, "a leader");
        return leader[0];
    }

    /**
     * Wait, at most a while, until no running member is in an election: one stopped in the middle of it leaves
     * errors in its log.
     *
     * @param timeoutMs most to wait.
     */
    void awaitNoElection(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (final ClusterNode node : nodes)
        {
            while (null != node && ElectionState.CLOSED != node.electionState() && System.nanoTime() < deadlineNs)
            {
                Thread.yield();
            }
        }
    }

    StreamFlowClient client(final long clientId)
    {
        return client(clientId, null);
    }

    /**
     * @param clientId          of the client.
     * @param logServerEndpoint of the member whose log it follows, or null.
     * @return a client of the cluster.
     */
    StreamFlowClient client(final long clientId, final String logServerEndpoint)
    {
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .clientId(clientId)
            .logServerEndpoint(logServerEndpoint)
            .embeddedDriver(true)
            .aeronDirectoryName(TestNodes.aeronDirFor(new File(dir, "client-" + clientId)))
            .clusterIngressEndpoints(ClusterMembers.ingressEndpoints(members)));
    }

    /**
     * Wait until every running member has journaled up to an engine sequence: committed means a majority has it, so
     * a follower may still be applying the tail.
     *
     * @param lastSequence to wait for.
     * @param timeoutMs    to wait.
     */
    void awaitJournaled(final long lastSequence, final long timeoutMs)
    {
        for (final ClusterNode node : nodes)
        {
            if (null != node)
            {
                TestNodes.await(() -> null != node.service().counters() &&
                    node.service().counters().journalLastSequence() >= lastSequence, timeoutMs, () -> { },
                    "member " + node.context().memberId() + " to journal sequence " + lastSequence);
            }
        }
    }

    /**
     * @param lastSequence engine sequence every running member must have applied.
     * @param timeoutMs    to wait.
     * @return the members' state hash, after checking that it is the same on every running member.
     */
    long awaitEqualStateHash(final long lastSequence, final long timeoutMs)
    {
        long first = 0;
        boolean isFirst = true;
        for (final ClusterNode node : nodes)
        {
            if (null == node)
            {
                continue;
            }
            final long[] hash = new long[2];
            TestNodes.await(() ->
            {
                final long[] sample = node.stateHash(timeoutMs);
                hash[0] = sample[0];
                hash[1] = sample[1];
                return sample[0] >= lastSequence;
            }, timeoutMs, () -> { }, "member " + node.context().memberId() + " to apply sequence " + lastSequence);
            assertEquals(lastSequence, hash[0], "member " + node.context().memberId() + " applied no further");
            if (isFirst)
            {
                first = hash[1];
                isFirst = false;
            }
            assertEquals(first, hash[1], "member " + node.context().memberId() + "'s state hash");
        }
        return first;
    }

    /**
     * @param id of a member, stopped.
     * @return its journal's entries, each as its bytes, after checking that the journal verifies.
     */
    List<byte[]> verifiedJournal(final int id)
    {
        return Records.verifiedEntryBytes(new File(memberDir(id), "journal"));
    }

    /**
     * Stop every member still running, the followers first: the leader keeps leading while they go, so no election
     * starts on a member that is about to stop.
     */
    public void close()
    {
        awaitNoElection(10_000);
        for (int id = 0; id < nodes.length; id++)
        {
            if (null != nodes[id] && Cluster.Role.LEADER != nodes[id].role())
            {
                stop(id);
            }
        }
        CloseHelper.closeAll(nodes);
        Arrays.fill(nodes, null);
    }
}
