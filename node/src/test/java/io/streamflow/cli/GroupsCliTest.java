package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code consume --group} is a member of a consumer group of the running node: it reads the partitions assigned to it
 * from the group's committed offsets and commits and leaves on the way out; {@code groups --dir} shows the group as
 * the node has it (members, their partitions, committed and end offsets, lag), while the node runs.
 */
class GroupsCliTest
{
    private static final String STREAMS = "events=7:3";

    @TempDir
    File dir;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aMemberResumesAfterTheGroupsCommitsAndGroupsShowsMembersOffsetsAndLag() throws Exception
    {
        final File lines = new File(dir, "lines.jsonl");
        Files.writeString(lines.toPath(), "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n");
        final File nodeDir = new File(dir, "node");
        final JsonNode whileRunning;
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(nodeDir).streams(STREAMS)))
        {
            final String aeronDir = node.context().aeronDirectoryName();
            for (int partition = 0; partition < 3; partition++)
            {
                produce(aeronDir, lines, partition);
            }

            final Cli first = Cli.run("consume", "--stream", "events", "--streams", STREAMS, "--group", "audit",
                "--from", "earliest", "--limit", "9", "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, first.exitCode, first.toString());
            assertTrue(first.err.contains("generation 1 of 1 member: partitions [0, 1, 2]"), first.err);
            assertTrue(first.err.contains("committed and left group 'audit'"), first.err);
            assertEquals(List.of("0/0", "0/1", "0/2", "1/0", "1/1", "1/2", "2/0", "2/1", "2/2"),
                sorted(first.out), "a group with no commits reads from the earliest: " + first.out);

            JsonNode group = onlyGroup(nodeDir);
            assertEquals("audit", group.get("group").asText());
            assertEquals("events", group.get("stream").asText());
            assertEquals(0, group.get("members").size(), "the member left: " + group);
            assertTrue(group.get("empty_since_ns").asLong() > 0, "empty since it left: " + group);
            for (final JsonNode partition : group.get("partitions"))
            {
                assertTrue(partition.get("member").isNull(), partition.toString());
                assertEquals(3, partition.get("committed_offset").asLong(), "Kafka's meaning: the next to read");
                assertEquals(3, partition.get("end_offset").asLong());
                assertEquals(0, partition.get("lag").asLong());
            }

            produce(aeronDir, lines, 1);
            group = onlyGroup(nodeDir);
            assertEquals(3, group.get("partitions").get(1).get("lag").asLong(), "three records after the commit");

            final Cli.Running second = Cli.start("consume", "--stream", "events", "--streams", STREAMS, "--group",
                "audit", "--from", "earliest", "--limit", "4", "--ipc", "--aeron-dir", aeronDir);
            second.awaitErr("partitions [0, 1, 2]", 30_000);
            final JsonNode withMember = onlyGroup(nodeDir);
            assertEquals(1, withMember.get("members").size(), withMember.toString());
            assertTrue(withMember.get("empty_since_ns").isNull(), withMember.toString());
            final JsonNode member = withMember.get("members").get(0);
            assertEquals(3, member.get("partitions").size(), member.toString());
            assertEquals(member.get("client_id").asLong(), withMember.get("partitions").get(2).get("member").asLong());
            final Cli table = Cli.run("groups", "--dir", nodeDir.getPath());
            assertEquals(0, table.exitCode, table.toString());
            assertTrue(table.out.contains("group audit  stream events  generation"), table.out);
            assertTrue(table.out.lines().anyMatch((l) -> l.matches("\\s+1\\s+" + member.get("client_id").asLong() +
                "\\s+3\\s+6\\s+3")), "partition 1: member, committed 3, end 6, lag 3\n" + table.out);

            produce(aeronDir, lines, 2);
            final Cli resumed = second.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, resumed.exitCode, resumed.toString());
            final List<String> read = sorted(resumed.out);
            assertEquals(4, read.size(), resumed.out);
            final long fromPartition1 = read.stream().filter((r) -> r.startsWith("1/")).count();
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                expected.add(i < fromPartition1 ? "1/" + (3 + i) : "2/" + (3 + i - fromPartition1));
            }
            assertEquals(expected, read, "each partition after its commit, not from the earliest again");
            assertTrue(resumed.err.contains("committed and left group 'audit'"), resumed.err);

            final JsonNode after = onlyGroup(nodeDir);
            whileRunning = after;

            // The running node's log server lists the same groups, as of the same entry, once it has read it.
            final JsonNode fromDir = mapper.readTree(Cli.run("groups", "--dir", nodeDir.getPath(), "--json").out);
            final JsonNode[] remote = new JsonNode[1];
            TestNodes.await(() ->
            {
                final Cli listed = Cli.run("groups", "--json", "--ipc", "--aeron-dir", aeronDir);
                assertEquals(0, listed.exitCode, listed.toString());
                try
                {
                    remote[0] = mapper.readTree(listed.out);
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(listed.out, ex);
                }
                return fromDir.equals(remote[0]);
            }, 30_000, () -> { }, "the log server's groups to be the directory's");
            final Cli remoteTable = Cli.run("groups", "--ipc", "--aeron-dir", aeronDir, "--group", "audit");
            assertEquals(Cli.run("groups", "--dir", nodeDir.getPath(), "--group", "audit").out, remoteTable.out);
            final Cli remoteUnknown = Cli.run("groups", "--ipc", "--aeron-dir", aeronDir, "--group", "nope");
            assertEquals(1, remoteUnknown.exitCode, remoteUnknown.toString());
            assertTrue(remoteUnknown.err.contains("no group 'nope' in the node"), remoteUnknown.err);
            final JsonNode partitions = after.get("partitions");
            assertEquals(3, partitions.get(0).get("committed_offset").asLong());
            assertEquals(3 + fromPartition1, partitions.get(1).get("committed_offset").asLong(),
                "the member committed what it printed, no more: " + after);
            assertEquals(3 + 4 - fromPartition1, partitions.get(2).get("committed_offset").asLong(), after.toString());
            assertEquals(6 - 3 - (4 - fromPartition1), partitions.get(2).get("lag").asLong());
        }

        final String[] snapshots = new File(nodeDir, "snapshots").list();
        assertTrue(null != snapshots && snapshots.length > 0, "the node took a snapshot as it closed");
        assertEquals(whileRunning, onlyGroup(nodeDir), "from the snapshot, the group as the journal had it");

        final Cli badRetention = Cli.run("groups", "--dir", nodeDir.getPath(), "--group-offsets-retention", "soon");
        assertEquals(2, badRetention.exitCode, badRetention.toString());
        assertTrue(badRetention.err.contains("retention age 'soon'"), badRetention.err);
        final Cli unknown = Cli.run("groups", "--dir", nodeDir.getPath(), "--group", "nope");
        assertEquals(1, unknown.exitCode, unknown.toString());
        assertTrue(unknown.err.contains("no group 'nope'"), unknown.err);
        final Cli withDir = Cli.run("consume", "--dir", nodeDir.getPath(), "--stream", "events", "--group", "audit");
        assertEquals(2, withDir.exitCode, withDir.toString());
        assertTrue(withDir.err.contains("not with --dir or --partition"), withDir.err);
        final Cli byOffset = Cli.run("consume", "--stream", "events", "--streams", STREAMS, "--group", "audit",
            "--from", "5");
        assertEquals(2, byOffset.exitCode, byOffset.toString());
        assertTrue(byOffset.err.contains("with --group, --from is earliest or latest"), byOffset.err);
    }

    @Test
    void groupsDeleteRemovesAnEmptyGroupOnlyWithItsOffsets() throws Exception
    {
        final File lines = new File(dir, "one.jsonl");
        Files.writeString(lines.toPath(), "{\"n\":0}\n");
        final File nodeDir = new File(dir, "node");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(nodeDir).streams(STREAMS)))
        {
            final String aeronDir = node.context().aeronDirectoryName();
            final Cli.Running member = Cli.start("consume", "--stream", "events", "--streams", STREAMS, "--group",
                "audit", "--from", "earliest", "--limit", "1", "--ipc", "--aeron-dir", aeronDir);
            member.awaitErr("partitions [0, 1, 2]", 30_000);

            final Cli whileMember = Cli.run("groups", "--delete", "audit", "--ipc", "--aeron-dir", aeronDir);
            assertEquals(1, whileMember.exitCode, whileMember.toString());
            assertTrue(whileMember.err.contains("group 'audit' not deleted: NON_EMPTY_GROUP (it has members)"),
                whileMember.err);

            produce(aeronDir, lines, 1);
            final Cli consumed = member.result().get(30, TimeUnit.SECONDS);
            assertTrue(consumed.err.contains("committed and left group 'audit'"), consumed.toString());
            assertEquals(1, onlyGroup(nodeDir).get("partitions").get(1).get("committed_offset").asLong());

            final Cli deleted = Cli.run("groups", "--delete", "audit", "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, deleted.exitCode, deleted.toString());
            assertTrue(deleted.out.contains("deleted group 'audit' and its committed offsets"), deleted.out);
            final JsonNode root = mapper.readTree(Cli.run("groups", "--dir", nodeDir.getPath(), "--json").out);
            assertEquals(0, root.get("groups").size(), root.toString());
            assertEquals(1, node.counters().groupsDeleted.get());

            final Cli again = Cli.run("groups", "--delete", "audit", "--ipc", "--aeron-dir", aeronDir);
            assertEquals(1, again.exitCode, again.toString());
            assertTrue(again.err.contains("GROUP_ID_NOT_FOUND"), again.err);
            final Cli withDir = Cli.run("groups", "--delete", "audit", "--dir", nodeDir.getPath());
            assertEquals(2, withDir.exitCode, withDir.toString());
        }
    }

    private static void produce(final String aeronDir, final File lines, final int partition)
    {
        final Cli produce = Cli.run("produce", "--stream", "events", "--streams", STREAMS, "--partition",
            Integer.toString(partition), "--input", lines.getPath(), "--ipc", "--aeron-dir", aeronDir);
        assertEquals(0, produce.exitCode, produce.toString());
    }

    private JsonNode onlyGroup(final File nodeDir) throws IOException
    {
        final Cli groups = Cli.run("groups", "--dir", nodeDir.getPath(), "--json");
        assertEquals(0, groups.exitCode, groups.toString());
        final JsonNode root = mapper.readTree(groups.out);
        assertEquals(1, root.get("groups").size(), groups.out);
        return root.get("groups").get(0);
    }

    /**
     * @return "partition/offset" of every line, by partition then offset.
     */
    private List<String> sorted(final String out)
    {
        final List<long[]> read = new ArrayList<>();
        out.lines().forEach((line) ->
        {
            try
            {
                final JsonNode json = mapper.readTree(line);
                read.add(new long[]{ json.get("partition").asLong(), json.get("offset").asLong() });
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        });
        read.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        return read.stream().map((r) -> r[0] + "/" + r[1]).toList();
    }
}
