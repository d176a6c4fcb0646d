package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.LoadTarget;
import io.streamflow.client.load.OrderTarget;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.cluster.MemberStatus;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.protocol.CommandView;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo --cluster}: three members on loopback, each its own process, and the demo load through a clustered
 * client; optionally the leader SIGKILLed in the middle, then restarted. Reports the load as the standalone demo does,
 * the failover (new leader, time without acks) and the count of acknowledged records missing afterwards from a
 * survivor's journal, which must be 0.
 */
final class ClusterDemo
{
    static final int MEMBERS = 3;

    private final PrintWriter out;
    private final PrintWriter err;
    private final LongArrayList ackedSequences = new LongArrayList();
    private volatile long measuredStartNs;
    private long lastAckNs;
    private long longestGapNs;
    private long maxAckedEngineSequence = -1;
    private volatile int killedMember = -1;
    private volatile int newLeader = -1;
    private volatile long electionMs = -1;
    private volatile String killFailure;

    ClusterDemo(final PrintWriter out, final PrintWriter err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * @param dir              of the cluster: a node directory per member.
     * @param load             options of the load.
     * @param orders           true for the order mix to the matcher, false for records.
     * @param killAfterSeconds after the first acknowledgement, SIGKILL the leader; 0 for no kill.
     * @return the exit code: 0 when every record was answered and none acknowledged is missing.
     * @throws IOException when a member cannot be started.
     */
    int run(final File dir, final LoadOptions load, final boolean orders, final double killAfterSeconds)
        throws IOException
    {
        final LoadGenerator.Settings settings = load.settings();
        final LoadGenerator.Result result;
        final long leaderChanges;
        final long resends;
        final long missing;
        final long startNs = System.nanoTime();
        try (ClusterProcesses cluster = new ClusterProcesses(dir, MEMBERS, 0, List.of()).start())
        {
            final int firstLeader = cluster.awaitLeader(60_000);
            err.printf(Locale.ROOT, "streamflow demo: cluster of %d members up in %.1f s in %s, leader member %d%n",
                MEMBERS, (System.nanoTime() - startNs) / 1e9, dir, firstLeader);
            err.flush();

            final Thread killer = killAfterSeconds > 0 ? new Thread(() -> kill(cluster, killAfterSeconds), "killer") :
                null;
            try (StreamFlowClient client = StreamFlowClient.connect(new StreamFlowClient.Context()
                .embeddedDriver(true)
                .aeronDirectoryName(TempDirs.newDriverDir("streamflow-demo-client").getPath())
                .clusterIngressEndpoints(cluster.ingressEndpoints())))
            {
                final LoadTarget target = orders ? new OrderTarget(client,
                    new StandardOperator.Context().instruments().get(0).instrumentId(), null, 42) :
                    new RecordTarget(client, settings.streamId());
                if (null != killer)
                {
                    killer.setDaemon(true);
                    killer.start();
                }
                result = LoadGenerator.run(target, settings, () -> false, this::onAcked);
                leaderChanges = client.leaderChanges();
                resends = client.resends();
            }
            join(killer);
            if (killedMember >= 0 && null == killFailure)
            {
                cluster.start(killedMember);
            }
            missing = missingFromASurvivor(cluster);
        }

        report(load, orders, result, leaderChanges, resends, missing, killAfterSeconds);
        return 0 == result.unanswered() && 0 == result.sendFailures() && 0 == missing && null == killFailure ? 0 : 1;
    }

    private void onAcked(final long clientSequence, final long engineSequence)
    {
        final long nowNs = System.nanoTime();
        if (0 == measuredStartNs)
        {
            measuredStartNs = nowNs;
        }
        else
        {
            longestGapNs = Math.max(longestGapNs, nowNs - lastAckNs);
        }
        lastAckNs = nowNs;
        ackedSequences.addLong(clientSequence);
        maxAckedEngineSequence = Math.max(maxAckedEngineSequence, engineSequence);
    }

    private void kill(final ClusterProcesses cluster, final double killAfterSeconds)
    {
        try
        {
            while (0 == measuredStartNs)
            {
                Thread.sleep(1);
            }
            final long killAtNs = measuredStartNs + (long)(killAfterSeconds * 1e9);
            while (System.nanoTime() - killAtNs < 0)
            {
                Thread.sleep(1);
            }
            final int leader = cluster.awaitLeader(30_000);
            cluster.kill(leader, 10_000);
            final long killedNs = System.nanoTime();
            killedMember = leader;
            newLeader = cluster.awaitLeader(60_000);
            electionMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            killFailure = ex.getMessage();
        }
    }

    /**
     * @return acknowledged records that the journal of a running member does not hold, once it has journaled as far
     * as the last acknowledgement.
     */
    private long missingFromASurvivor(final ClusterProcesses cluster)
    {
        int survivor = -1;
        for (int id = 0; id < cluster.size() && survivor < 0; id++)
        {
            if (id != killedMember && cluster.isAlive(id))
            {
                survivor = id;
            }
        }
        final File memberDir = cluster.memberDir(survivor);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (MemberStatus.read(memberDir).journalLastSequence() < maxAckedEngineSequence &&
            System.nanoTime() - deadlineNs < 0)
        {
            sleep(10);
        }

        final LongHashSet journaled = new LongHashSet();
        final JournalEntryView entry = new JournalEntryView();
        final CommandView command = new CommandView();
        try (Journal journal = Journal.openReadOnly(new File(memberDir, "journal"));
            JournalReader reader = journal.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                entry.wrap(buffer, offset, length);
                command.wrap(buffer, entry.messageOffset(), entry.messageLength());
                journaled.add(command.clientSequence());
            }, 4096) > 0)
            {
                continue;
            }
        }
        long missing = 0;
        for (int i = 0; i < ackedSequences.size(); i++)
        {
            missing += journaled.contains(ackedSequences.getLong(i)) ? 0 : 1;
        }
        return missing;
    }

    private void report(
        final LoadOptions load,
        final boolean orders,
        final LoadGenerator.Result result,
        final long leaderChanges,
        final long resends,
        final long missing,
        final double killAfterSeconds)
    {
        final String transport = "Aeron Cluster (" + MEMBERS + " members on loopback, each its own process)";
        if (load.json)
        {
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("transport", "cluster");
            extra.put("workload", orders ? "orders" : "records");
            extra.put("members", MEMBERS);
            extra.put("leader_killed", killedMember);
            extra.put("new_leader", newLeader);
            extra.put("election_ms", electionMs);
            extra.put("longest_time_without_acks_ms", TimeUnit.NANOSECONDS.toMillis(longestGapNs));
            extra.put("leader_changes", leaderChanges);
            extra.put("commands_resent", resends);
            extra.put("acknowledged_checked", ackedSequences.size());
            extra.put("acknowledged_missing", missing);
            out.println(LoadReport.json(result, extra));
        }
        else
        {
            LoadReport.printText(out, "StreamFlow demo: " + (orders ?
                load.describe("order commands to the matcher", transport) : load.describe(transport)), result);
            if (killAfterSeconds > 0)
            {
                out.printf(Locale.ROOT, "failover: leader member %d SIGKILLed %.1f s after the first ack; new leader " +
                    "member %d elected after %,d ms; longest time without an ack %,d ms; %d leader changes seen by " +
                    "the client, %,d commands sent again; member %d restarted%n", killedMember, killAfterSeconds,
                    newLeader, electionMs, TimeUnit.NANOSECONDS.toMillis(longestGapNs), leaderChanges, resends,
                    killedMember);
            }
            if (null != killFailure)
            {
                out.println("failover: the kill did not go as planned: " + killFailure);
            }
            out.printf(Locale.ROOT, "acknowledged records missing from a survivor's journal: %,d (of %,d " +
                "acknowledged)%n", missing, ackedSequences.size());
        }
        out.flush();
    }

    private static void join(final Thread thread)
    {
        if (null != thread)
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(120));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
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
        }
    }
}
