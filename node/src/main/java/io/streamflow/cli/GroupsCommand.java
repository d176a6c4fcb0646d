package io.streamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.client.EgressListener;
import io.streamflow.client.GroupCommand;
import io.streamflow.client.GroupsListing;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.ConsumerGroupsReader;
import io.streamflow.engine.EngineConfiguration;
import io.streamflow.journal.JournalScanner;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.GroupStatusCode;
import io.streamflow.sbe.GroupStatusDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow groups [--dir DIR]}: a node's consumer groups as its engine has them, as Kafka's
 * {@code kafka-consumer-groups --describe} shows them: per group its generation and members, and per partition the
 * member it is assigned to, the committed offset, the end offset and the lag.
 */
@Command(
    name = "groups",
    mixinStandardHelpOptions = true,
    description = {
        "List a node's consumer groups: members (with the journal time of their last heartbeat), and per partition",
        "the member assigned, the group's committed offset, the end offset and the lag. With --dir from the node's",
        "directory (newest snapshot, then the journal after it; works while the node runs); without, from the",
        "running node's log server."
    })
final class GroupsCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "Node directory (the journal is DIR/journal). Without it, ask the " +
        "running node's log server (--endpoint or --ipc).")
    File dir;

    @Mixin
    ClientOptions clientOptions;

    @Option(names = "--group", description = "Only this group.")
    String group;

    @Option(names = "--streams", description = "Stream names as name=id[:partitions],... Default: those the node " +
        "recorded in its journal directory.")
    String streams;

    @Option(names = "--json", description = "One JSON document instead of a table.")
    boolean json;

    @Option(names = "--delete", paramLabel = "GROUP", description = "Delete this empty group with its committed " +
        "offsets on the running node (Kafka's kafka-consumer-groups --delete): refused while it has members.")
    String delete;

    @Option(names = "--group-offsets-retention", description = "With --dir: the node's --group-offsets-retention, if " +
        "not the default (7d): replay removes empty groups by it, as the node does.")
    String offsetsRetention;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        if (null != delete)
        {
            return deleteGroup();
        }
        final StreamCatalog catalog;
        final ConsumerGroupsReader.Groups groups;
        if (null == dir)
        {
            final GroupsListing listing;
            try (StreamFlowClient client = clientOptions.connect())
            {
                listing = client.listGroups(TimeUnit.SECONDS.toNanos(10));
            }
            catalog = StreamCatalog.parse(null != streams ? streams : listing.streams());
            groups = groupsOf(listing);
        }
        else
        {
            final File journalDir = new File(dir, "journal");
            if (JournalScanner.cycleFiles(journalDir).isEmpty())
            {
                throw new IllegalArgumentException("no journal in " + journalDir);
            }
            catalog = JournalStreams.of(journalDir, streams);
            final long retentionNs = null == offsetsRetention ?
                EngineConfiguration.GROUP_OFFSETS_RETENTION_DEFAULT_NS :
                EngineConfiguration.parseGroupOffsetsRetention(offsetsRetention);
            groups = ConsumerGroupsReader.read(dir, catalog, retentionNs,
                System.getLogger(GroupsCommand.class.getName()));
        }
        final List<ConsumerGroupsReader.Group> shown = groups.groups().stream()
            .filter((g) -> null == group || g.name().equals(group)).toList();
        if (null != group && shown.isEmpty())
        {
            err().println("streamflow groups: no group '" + group + "' in " +
                (null == dir ? "the node" : dir.getPath()));
            err().flush();
            return 1;
        }
        if (json)
        {
            printJson(catalog, groups, shown);
        }
        else
        {
            printTable(catalog, groups, shown);
        }
        out().flush();
        return 0;
    }

    /**
     * Send a DeleteGroup to the running node and wait for its answer.
     */
    private int deleteGroup()
    {
        if (null != dir || null != group)
        {
            throw new IllegalArgumentException("--delete asks the running node: not with --dir or --group");
        }
        final GroupStatusCode[] answer = new GroupStatusCode[1];
        final String[] rejected = new String[1];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final GroupStatusDecoder status = new GroupStatusDecoder();
        try (StreamFlowClient client = clientOptions.connect())
        {
            final EgressListener listener = new EgressListener()
            {
                public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                    final boolean duplicate)
                {
                }

                public void onReject(final long clientSequence, final RejectReason reason,
                    final int rejectedTemplateId, final String detail)
                {
                    rejected[0] = reason + ": " + detail;
                }

                public void onMessage(final int templateId, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                    if (GroupStatusDecoder.TEMPLATE_ID == templateId)
                    {
                        header.wrap(buffer, offset);
                        status.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                            header.version());
                        if (status.clientId() == client.clientId() && delete.equals(status.group()))
                        {
                            answer[0] = status.status();
                        }
                    }
                }
            };
            if (client.sendCommand(new GroupCommand(delete).delete(), listener) < 0)
            {
                throw new IllegalStateException("the delete of group '" + delete + "' could not be sent");
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (null == answer[0] && null == rejected[0])
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("no answer from the node to the delete of group '" + delete +
                        "' in 10 s");
                }
                if (0 == client.poll(listener, 16))
                {
                    Thread.yield();
                }
            }
        }
        if (null != rejected[0])
        {
            err().println("streamflow groups: the node rejected the delete of group '" + delete + "': " +
                rejected[0]);
        }
        else if (GroupStatusCode.DELETED == answer[0])
        {
            out().println("deleted group '" + delete + "' and its committed offsets");
        }
        else
        {
            err().println("streamflow groups: group '" + delete + "' not deleted: " + answer[0] +
                (GroupStatusCode.NON_EMPTY_GROUP == answer[0] ? " (it has members)" : ""));
        }
        out().flush();
        err().flush();
        return GroupStatusCode.DELETED == answer[0] ? 0 : 1;
    }

    /**
     * The log server's listing in the form the directory's reading has.
     */
    private static ConsumerGroupsReader.Groups groupsOf(final GroupsListing listing)
    {
        final List<ConsumerGroupsReader.Group> groups = new ArrayList<>();
        for (final GroupsListing.Group g : listing.groups())
        {
            final List<ConsumerGroupsReader.Member> members = new ArrayList<>();
            for (final GroupsListing.Member m : g.members())
            {
                members.add(new ConsumerGroupsReader.Member(m.clientId(), m.lastSeenNs(), m.sessionTimeoutNs(),
                    m.partitions()));
            }
            final List<ConsumerGroupsReader.Partition> partitions = new ArrayList<>();
            for (final GroupsListing.Partition p : g.partitions())
            {
                partitions.add(new ConsumerGroupsReader.Partition(p.partition(), p.owner(), p.committedOffset(),
                    p.endOffset()));
            }
            groups.add(new ConsumerGroupsReader.Group(g.name(), g.streamId(), g.generation(), g.emptySinceNs(),
                members, partitions));
        }
        return new ConsumerGroupsReader.Groups(groups, listing.engineSequence(), listing.timestampNs());
    }

    private void printTable(
        final StreamCatalog catalog,
        final ConsumerGroupsReader.Groups groups,
        final List<ConsumerGroupsReader.Group> shown)
    {
        final PrintWriter out = out();
        if (shown.isEmpty())
        {
            out.println("no consumer groups (as of engine sequence " + groups.engineSequence() + ")");
            return;
        }
        for (final ConsumerGroupsReader.Group g : shown)
        {
            out.printf("group %s  stream %s  generation %d  members %d%n", g.name(),
                JournalStreams.nameOf(catalog, g.streamId()), g.generation(), g.members().size());
            if (g.isEmpty() && g.emptySinceNs() >= 0)
            {
                out.printf("  empty since %.3f s before the journal's last entry%n",
                    (groups.timestampNs() - g.emptySinceNs()) / 1e9);
            }
            for (final ConsumerGroupsReader.Member member : g.members())
            {
                out.printf("  member %d  partitions %s  last seen %.3f s before the journal's last entry  " +
                    "session timeout %d ms%n", member.clientId(), Arrays.toString(member.partitions()),
                    (groups.timestampNs() - member.lastSeenNs()) / 1e9, member.sessionTimeoutNs() / 1_000_000);
            }
            out.printf("  %9s %10s %16s %12s %10s%n", "partition", "member", "committed_offset", "end_offset", "lag");
            for (final ConsumerGroupsReader.Partition partition : g.partitions())
            {
                out.printf("  %9d %10s %16s %12d %10d%n", partition.partition(),
                    partition.owner() < 0 ? "-" : Long.toString(partition.owner()),
                    partition.committedOffset() < 0 ? "-" : Long.toString(partition.committedOffset()),
                    partition.endOffset(), partition.lag());
            }
        }
    }

    private void printJson(
        final StreamCatalog catalog,
        final ConsumerGroupsReader.Groups groups,
        final List<ConsumerGroupsReader.Group> shown)
    {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode()
            .put("engine_sequence", groups.engineSequence())
            .put("timestamp_ns", groups.timestampNs());
        final ArrayNode list = root.putArray("groups");
        for (final ConsumerGroupsReader.Group g : shown)
        {
            final ObjectNode node = list.addObject()
                .put("group", g.name())
                .put("stream", JournalStreams.nameOf(catalog, g.streamId()))
                .put("stream_id", g.streamId())
                .put("generation", g.generation());
            if (g.isEmpty() && g.emptySinceNs() >= 0)
            {
                node.put("empty_since_ns", g.emptySinceNs());
            }
            else
            {
                node.putNull("empty_since_ns");
            }
            final ArrayNode members = node.putArray("members");
            for (final ConsumerGroupsReader.Member member : g.members())
            {
                final ObjectNode m = members.addObject()
                    .put("client_id", member.clientId())
                    .put("last_seen_ns", member.lastSeenNs())
                    .put("session_timeout_ms", member.sessionTimeoutNs() / 1_000_000);
                final ArrayNode partitions = m.putArray("partitions");
                Arrays.stream(member.partitions()).forEach(partitions::add);
            }
            final ArrayNode partitions = node.putArray("partitions");
            for (final ConsumerGroupsReader.Partition partition : g.partitions())
            {
                final ObjectNode p = partitions.addObject().put("partition", partition.partition());
                if (partition.owner() < 0)
                {
                    p.putNull("member");
                }
                else
                {
                    p.put("member", partition.owner());
                }
                if (partition.committedOffset() < 0)
                {
                    p.putNull("committed_offset");
                }
                else
                {
                    p.put("committed_offset", partition.committedOffset());
                }
                p.put("end_offset", partition.endOffset()).put("lag", partition.lag());
            }
        }
        out().println(root.toString());
    }

}
