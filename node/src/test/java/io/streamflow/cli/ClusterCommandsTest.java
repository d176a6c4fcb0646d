package io.streamflow.cli;

import io.streamflow.sequencer.ChildJvm;
import io.streamflow.sequencer.ErrorLogCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster as a user drives it from the command line: {@code cluster start} in a process of its own; a load,
 * records and orders through {@code --cluster}; {@code cluster snapshot} and {@code cluster status} on its
 * directory; Ctrl-C (SIGTERM) stopping every member; and {@code demo --cluster --kill-leader-after}.
 */
class ClusterCommandsTest
{
    private static final File EXAMPLES = new File("../docs/examples");
    private static final Pattern ENDPOINTS = Pattern.compile("clients: --cluster (\\S+)");

    @TempDir
    File dir;

    @Test
    void startLoadSnapshotStatusAndStop() throws Exception
    {
        final File clusterDir = new File(dir, "cluster");
        final File output = new File(dir, "cluster-start.out");
        final Process start = new ProcessBuilder(ChildJvm.command(StreamFlowCli.class,
            "cluster", "start", "--dir", clusterDir.getPath()))
            .redirectErrorStream(true)
            .redirectOutput(output)
            .start();
        try
        {
            final String endpoints = awaitEndpoints(start, output);
            for (int id = 0; id < 3; id++)
            {
                ErrorLogCheck.watch(new File(clusterDir, "node-" + id));
                // A member that sees the leader's log end as the cluster stops says so; one that joins the first
                // election after the leader has begun its term (a slow start on a busy machine) finds its log behind
                // the leader's, which Aeron Cluster reports as a warning and then catches up (as in the snapshot test).
                ErrorLogCheck.expect(new File(clusterDir, "node-" + id), "log recording stopped",
                    "followerLogAwait - joinPosition=");
            }

            final Cli load = Cli.run("load", "--cluster", endpoints, "--count", "3000", "--rate", "3000",
                "--warmup", "0");
            assertEquals(0, load.exitCode, load.toString());
            assertTrue(load.out.contains("acked 3,000"), load.out);
            assertTrue(load.out.contains("0 leader changes"), load.out);

            final Cli produce = Cli.run("produce", "--cluster", endpoints, "--stream", "records", "--key-field",
                "device", "--input", new File(EXAMPLES, "records.jsonl").getPath());
            assertEquals(0, produce.exitCode, produce.toString());
            assertTrue(produce.out.contains("acked 3"), produce.out);

            // The cluster's log, from a member's log server (member 0's, derived from the endpoints).
            final Cli consume = Cli.run("consume", "--cluster", endpoints, "--stream", "records", "--from",
                "earliest", "--idle-timeout", "20");
            assertEquals(0, consume.exitCode, consume.toString());
            final List<String> records = consume.out.lines().toList();
            assertEquals(3_003, records.size(), "the load's records and the three produced: " + consume.err);
            assertTrue(records.get(3_002).contains("\"offset\":3002"), records.get(3_002));
            final Cli member = Cli.run("consume", "--cluster", endpoints, "--stream", "records", "--group", "audit",
                "--from", "earliest", "--limit", "3003", "--idle-timeout", "20");
            assertEquals(0, member.exitCode, member.toString());
            assertEquals(3_003, member.out.lines().count(), "a group member reads every record: " + member.err);
            final Cli groups = Cli.run("groups", "--cluster", endpoints, "--group", "audit");
            assertEquals(0, groups.exitCode, groups.toString());
            assertTrue(groups.out.contains("group audit"), groups.out);
            final Cli streams = Cli.run("streams", "--cluster", endpoints);
            assertEquals(0, streams.exitCode, streams.toString());
            assertTrue(streams.out.lines().anyMatch((line) -> line.matches("records\\s+1\\s+0\\s+0\\s+3003\\s.*")),
                streams.out);
            final Cli orders = Cli.run("orders", "--cluster", endpoints, "--input",
                new File(EXAMPLES, "orders.csv").getPath());
            assertEquals(0, orders.exitCode, orders.toString());
            assertTrue(orders.out.contains("\"type\":\"trade\""), "market data from the leader: " + orders.out);

            final Cli snapshot = Cli.run("cluster", "snapshot", "--dir", clusterDir.getPath());
            assertEquals(0, snapshot.exitCode, snapshot.toString());
            assertTrue(snapshot.out.contains("snapshot taken"), snapshot.out);

            // Each member takes the snapshot when its copy of the log reaches it: a follower may be a moment behind.
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Cli status = Cli.run("cluster", "status", "--dir", clusterDir.getPath());
            while (!everySnapshotAtItsLastCommand(status) && System.nanoTime() - deadlineNs < 0)
            {
                Thread.onSpinWait();
                status = Cli.run("cluster", "status", "--dir", clusterDir.getPath());
            }
            assertEquals(0, status.exitCode, status.toString());
            final List<String> rows = statusRows(status);
            assertEquals(3, rows.size(), status.out);
            assertEquals(1, rows.stream().filter((row) -> row.contains(" LEADER ")).count(), status.out);
            for (final String row : rows)
            {
                final String[] columns = row.trim().split("\\s+");
                assertEquals("yes", columns[2], row);
                assertTrue(Long.parseLong(columns[6]) >= 3_002, "load and records journaled: " + row);
                assertEquals(columns[6], columns[7], "snapshot at the last command journaled: " + row);
            }
        }
        finally
        {
            start.destroy();
            assertTrue(start.waitFor(60, TimeUnit.SECONDS), "cluster start stops on SIGTERM");
        }
        final String printed = Files.readString(output.toPath());
        assertTrue(printed.contains("streamflow cluster stopped"), printed);
        final Cli after = Cli.run("cluster", "status", "--dir", clusterDir.getPath());
        assertEquals(1, after.exitCode, "no leader once stopped: " + after);
        assertFalse(after.out.contains(" yes "), "no member left running: " + after.out);
    }

    @Test
    void demoThroughAClusterWithTheLeaderKilled()
    {
        final File clusterDir = new File(dir, "demo");
        for (int id = 0; id < 3; id++)
        {
            ErrorLogCheck.watch(new File(clusterDir, "node-" + id));
            ErrorLogCheck.expect(new File(clusterDir, "node-" + id), "ClusterEvent: WARN");
        }
        final Cli demo = Cli.run("demo", "--cluster", "--dir", clusterDir.getPath(), "--kill-leader-after", "1.5",
            "--count", "8000", "--rate", "2000", "--warmup", "1000");
        assertEquals(0, demo.exitCode, demo.toString());
        assertTrue(demo.out.contains("unanswered 0"), demo.out);
        assertTrue(demo.out.contains("failover: leader member "), demo.out);
        assertTrue(Pattern.compile("acknowledged records missing from a survivor's journal: 0 \\(of [0-9,]+ " +
            "acknowledged\\)").matcher(demo.out).find(), demo.out);
    }

    private static String awaitEndpoints(final Process process, final File output) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (process.isAlive() && System.nanoTime() - deadlineNs < 0)
        {
            final Matcher matcher = ENDPOINTS.matcher(Files.readString(output.toPath()));
            if (matcher.find())
            {
                return matcher.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("cluster start printed no endpoints: " + Files.readString(output.toPath()));
    }

    private static List<String> statusRows(final Cli status)
    {
        return status.out.lines().filter((line) -> line.matches("^[0-2] .*")).toList();
    }

    private static boolean everySnapshotAtItsLastCommand(final Cli status)
    {
        final List<String> rows = statusRows(status);
        return 0 == status.exitCode && 3 == rows.size() && rows.stream().allMatch((row) ->
        {
            final String[] columns = row.trim().split("\\s+");
            return columns.length > 7 && columns[6].equals(columns[7]);
        });
    }
}
