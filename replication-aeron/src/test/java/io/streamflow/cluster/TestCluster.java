package io.streamflow.cluster;

import io.aeron.cluster.service.Cluster;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.Engine;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalVerifier;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.ErrorLogCheck;
import io.streamflow.sequencer.TestNodes;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members of a loopback cluster in the test's JVM, each with its own media driver and directories under a temporary
 * directory of the test's own ({@code member-N}), on ports found free at run time; stopped and deleted after each
 * test. Register it as a field: {@code @RegisterExtension final TestCluster cluster = new TestCluster(3);}.
 */
final class TestCluster implements BeforeEachCallback, AfterEachCallback, AutoCloseable
{
    private final ClusterNode[] nodes;
    private File dir;
    private String members;

    TestCluster(final int count)
    {
        this.nodes = new ClusterNode[count];
    }

    /**
     * {@inheritDoc}
     */
    public void beforeEach(final ExtensionContext context) throws IOException
    {
        dir = Files.createTempDirectory("streamflow-cluster-test").toFile();
        members = ClusterMembers.loopback(nodes.length, ClusterMembers.freeLoopbackBasePort(nodes.length));
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
        nodes[id] = ClusterNode.launch(new ClusterNode.Context()
            .memberId(id)
            .clusterMembers(members)
            .dir(memberDir)
            .aeronDirectoryName(TestNodes.aeronDirFor(memberDir))
            .engine(new Engine.Context().operator(new StandardOperator.Context().newOperator())));
        return nodes[id];
    }

    void stop(final int id)
    {
        CloseHelper.close(nodes[id]);
        nodes[id] = null;
    }

    ClusterNode node(final int id)
    {
        return nodes[id];
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

    StreamFlowClient client(final long clientId)
    {
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .clientId(clientId)
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
     * @param id of a member, stopped.
     * @return its journal's entries, each as its bytes, after checking that the journal verifies.
     */
    List<byte[]> verifiedJournal(final int id)
    {
        final File journalDir = new File(memberDir(id), "journal");
        final List<byte[]> entries = new ArrayList<>();
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), "member " + id + ": " + result.fault());
            try (JournalReader reader = journal.newReader())
            {
                while (reader.poll((buffer, offset, length, index) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    entries.add(bytes);
                }, 4096) > 0)
                {
                    continue;
                }
            }
            assertEquals(result.entries(), entries.size(), "member " + id + " entries read");
        }
        return entries;
    }

    /**
     * Stop every member still running.
     */
    public void close()
    {
        CloseHelper.closeAll(nodes);
        Arrays.fill(nodes, null);
    }
}
