package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tools read a partitioned log as Kafka's read a topic: {@code streams} lists each partition's first and end
 * offsets, {@code consume --partition P --from N} starts at offset N of P, {@code --from TIME} at the first record
 * appended at or after that time, and both name the node's streams from what it recorded beside its journal, with no
 * {@code --streams} given.
 */
class PartitionedLogCliTest
{
    private static final int RECORDS = 90;
    private static final int PARTITIONS = 3;

    @TempDir
    File dir;

    private final ObjectMapper mapper = new ObjectMapper();

    /** One acked record: where it went and when it was appended. */
    record Acked(long clientSequence, long engineSequence, long timestampNs, int partition, long offset)
    {
    }

    @Test
    void streamsAndConsumeReadPartitionsByOffsetAndTime() throws Exception
    {
        final List<Acked> acked = writeLog();

        final Cli streams = Cli.run("streams", "--dir", dir.getPath(), "--json");
        assertEquals(0, streams.exitCode, streams.toString());
        final List<JsonNode> eventPartitions = new ArrayList<>();
        mapper.readTree(streams.out).get("partitions").forEach((p) ->
        {
            if ("events".equals(p.get("stream").asText()))
            {
                eventPartitions.add(p);
            }
        });
        assertEquals(PARTITIONS, eventPartitions.size(), streams.out);
        for (int partition = 0; partition < PARTITIONS; partition++)
        {
            final JsonNode listed = eventPartitions.get(partition);
            final long held = countIn(acked, partition);
            assertEquals(partition, listed.get("partition").asInt());
            assertEquals(PARTITIONS, listed.get("partitions").asInt());
            assertEquals(0, listed.get("first_offset").asLong());
            assertEquals(held, listed.get("end_offset").asLong(), "end offset of partition " + partition);
            assertEquals(held, listed.get("records").asLong());
        }
        final Cli table = Cli.run("streams", "--dir", dir.getPath());
        assertEquals(0, table.exitCode, table.toString());
        assertTrue(table.out.lines().anyMatch((l) -> l.matches("events\\s+7\\s+1\\s+0\\s+" + countIn(acked, 1) +
            "\\s+" + countIn(acked, 1) + "\\s+20\\d\\d-.*Z")), table.out);

        final Cli fromOffset = Cli.run("consume", "--dir", dir.getPath(), "--stream", "events", "--partition", "1",
            "--from", "2");
        assertEquals(0, fromOffset.exitCode, fromOffset.toString());
        final List<Acked> expectedFromOffset = acked.stream().filter((a) -> 1 == a.partition() && a.offset() >= 2)
            .toList();
        assertEquals(expectedFromOffset, parse(fromOffset.out));
        assertTrue(expectedFromOffset.size() > 5, "the keys spread over the partitions: " + expectedFromOffset);

        final long time = acked.get(RECORDS / 2).timestampNs();
        final Cli fromTime = Cli.run("consume", "--dir", dir.getPath(), "--stream", "events", "--from",
            Instant.ofEpochSecond(0, time).toString());
        assertEquals(0, fromTime.exitCode, fromTime.toString());
        assertEquals(acked.stream().filter((a) -> a.timestampNs() >= time).toList(), parse(fromTime.out),
            "every partition, from the first record appended at or after " + time);

        final Cli afterTheEnd = Cli.run("consume", "--dir", dir.getPath(), "--stream", "events", "--from",
            Instant.ofEpochSecond(0, acked.get(RECORDS - 1).timestampNs() + 1).toString());
        assertEquals(0, afterTheEnd.exitCode, afterTheEnd.toString());
        assertEquals("", afterTheEnd.out);

        final Cli everyPartition = Cli.run("consume", "--dir", dir.getPath(), "--stream", "events", "--from", "2");
        assertEquals(0, everyPartition.exitCode, everyPartition.toString());
        assertEquals(acked.stream().filter((a) -> a.offset() >= 2).toList(), parse(everyPartition.out),
            "without --partition, every partition from its offset 2");

        final Cli noSuchPartition = Cli.run("consume", "--dir", dir.getPath(), "--stream", "events", "--partition",
            "3");
        assertEquals(2, noSuchPartition.exitCode, noSuchPartition.toString());
        assertTrue(noSuchPartition.err.contains("has partitions 0 to 2, not 3"), noSuchPartition.err);

        final Cli badFrom = Cli.run("consume", "--dir", dir.getPath(), "--stream", "events", "--from", "yesterday");
        assertEquals(2, badFrom.exitCode, badFrom.toString());
        assertTrue(badFrom.err.contains("--from must be earliest, latest, an offset (N), a time"), badFrom.err);
    }

    @Test
    void aStreamCreatedOnTheRunningNodeIsProducedConsumedAndListedByName() throws Exception
    {
        final File lines = new File(dir, "lines.jsonl");
        java.nio.file.Files.writeString(lines.toPath(), "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n");
        final File nodeDir = new File(dir, "node");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(nodeDir).streams("events=7:3")))
        {
            final String aeronDir = node.context().aeronDirectoryName();
            final Cli created = Cli.run("streams", "--create", "audit", "--partitions", "2", "--ipc", "--aeron-dir",
                aeronDir);
            assertEquals(0, created.exitCode, created.toString());
            assertTrue(created.out.contains("created stream audit (id 8, 2 partitions)"), created.out);

            final Cli again = Cli.run("streams", "--create", "audit", "--ipc", "--aeron-dir", aeronDir);
            assertEquals(1, again.exitCode, again.toString());
            assertTrue(again.err.contains("STREAM_EXISTS"), again.err);
            final Cli badName = Cli.run("streams", "--create", "no spaces", "--ipc", "--aeron-dir", aeronDir);
            assertEquals(2, badName.exitCode, badName.toString());
            assertTrue(badName.err.contains("stream name 'no spaces' must be"), badName.err);

            final Cli produce = Cli.run("produce", "--stream", "audit", "--partition", "1", "--input",
                lines.getPath(), "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, produce.exitCode, produce.toString());
            assertTrue(produce.out.contains("acked 3"), produce.out);
            final Cli consume = Cli.run("consume", "--stream", "audit", "--partition", "1", "--from", "earliest",
                "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, consume.exitCode, consume.toString());
            assertEquals(List.of(0L, 1L, 2L), consume.out.lines().map(this::json)
                .map((j) -> j.get("offset").asLong()).toList(), "by name, from the running node: " + consume.out);
        }

        final Cli listed = Cli.run("streams", "--dir", nodeDir.getPath(), "--json");
        assertEquals(0, listed.exitCode, listed.toString());
        final List<String> auditPartitions = new ArrayList<>();
        mapper.readTree(listed.out).get("partitions").forEach((p) ->
        {
            if ("audit".equals(p.get("stream").asText()))
            {
                auditPartitions.add(p.get("partition").asInt() + ":" + p.get("end_offset").asLong());
            }
        });
        assertEquals(List.of("0:0", "1:3"), auditPartitions, "the stopped node's journal directory: " + listed.out);
    }

    @Test
    void produceAppendsToTheNamedPartitionAndAPartitionTheStreamLacksIsRefusedWithItsReason() throws Exception
    {
        final File lines = new File(dir, "lines.jsonl");
        java.nio.file.Files.writeString(lines.toPath(), "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n");
        final File nodeDir = new File(dir, "node");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(nodeDir).streams("events=7:3")))
        {
            final String aeronDir = node.context().aeronDirectoryName();
            final Cli produce = Cli.run("produce", "--stream", "events", "--streams", "events=7:3", "--partition",
                "2", "--input", lines.getPath(), "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, produce.exitCode, produce.toString());
            assertTrue(produce.out.contains("acked 3"), produce.out);

            final Cli refused = Cli.run("produce", "--stream", "events", "--streams", "events=7:3", "--partition",
                "3", "--input", lines.getPath(), "--ipc", "--aeron-dir", aeronDir);
            assertEquals(1, refused.exitCode, refused.toString());
            assertTrue(refused.err.contains("UNKNOWN_PARTITION"), refused.err);
            assertEquals(3, node.counters().rejects(RejectReason.UNKNOWN_PARTITION));

            final Cli remote = Cli.run("consume", "--stream", "events", "--streams", "events=7:3", "--partition", "2",
                "--from", "1", "--ipc", "--aeron-dir", aeronDir);
            assertEquals(0, remote.exitCode, remote.toString());
            final List<JsonNode> served = remote.out.lines().map(this::json).toList();
            assertEquals(List.of(1L, 2L), served.stream().map((j) -> j.get("offset").asLong()).toList(),
                "from the running node's log server: " + remote.out);
            assertEquals(2, served.get(1).get("payload").get("n").asInt());

            final Cli.Running live = Cli.start("consume", "--stream", "events", "--streams", "events=7:3",
                "--partition", "2", "--from", "latest", "--follow", "--limit", "3", "--ipc", "--aeron-dir", aeronDir);
            live.awaitErr("following stream 'events' live", 30_000);
            assertEquals(0, Cli.run("produce", "--stream", "events", "--streams", "events=7:3", "--partition",
                "2", "--input", lines.getPath(), "--ipc", "--aeron-dir", aeronDir).exitCode);
            final Cli followed = live.result().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, followed.exitCode, followed.toString());
            assertEquals(List.of(3L, 4L, 5L), followed.out.lines().map(this::json)
                .map((j) -> j.get("offset").asLong()).toList(), "only what was appended after: " + followed.out);

            final JsonNode[] listed = new JsonNode[1];
            TestNodes.await(() ->
            {
                final Cli remoteStreams = Cli.run("streams", "--ipc", "--aeron-dir", aeronDir, "--json");
                assertEquals(0, remoteStreams.exitCode, remoteStreams.toString());
                listed[0] = json(remoteStreams.out);
                return listed[0].get("engine_sequence").asLong() >= 5;
            }, 10_000, () -> { }, "the node's own table to have the six records");
            final List<JsonNode> remotePartitions = new ArrayList<>();
            listed[0].get("partitions").forEach(remotePartitions::add);
            assertEquals(3, remotePartitions.size(), listed[0].toString());
            for (final JsonNode partition : remotePartitions)
            {
                final long expected = 2 == partition.get("partition").asInt() ? 6 : 0;
                assertEquals("events", partition.get("stream").asText());
                assertEquals(expected, partition.get("end_offset").asLong(), "from the running node: " + partition);
                assertEquals(expected, partition.get("records").asLong());
                assertEquals(0, partition.get("first_offset").asLong());
            }

            final Cli refusedFollow = Cli.run("consume", "--stream", "7", "--partition", "5", "--ipc",
                "--aeron-dir", aeronDir);
            assertEquals(1, refusedFollow.exitCode, refusedFollow.toString());
            assertTrue(refusedFollow.err.contains(
                "the node refused the follow: stream 7 has partitions 0 to 2, not 5"), refusedFollow.err);
        }

        final Cli consume = Cli.run("consume", "--dir", nodeDir.getPath(), "--stream", "events", "--partition", "2");
        assertEquals(0, consume.exitCode, consume.toString());
        final List<JsonNode> read = consume.out.lines().map(this::json).toList();
        assertEquals(6, read.size(), "the file produced twice: " + consume.out);
        for (int i = 0; i < 6; i++)
        {
            assertEquals(2, read.get(i).get("partition").asInt());
            assertEquals(i, read.get(i).get("offset").asLong());
            assertEquals(i % 3, read.get(i).get("payload").get("n").asInt());
        }
        final Cli other = Cli.run("consume", "--dir", nodeDir.getPath(), "--stream", "events", "--partition", "0");
        assertEquals("", other.out, "nothing went to partition 0");
    }

    private JsonNode json(final String line)
    {
        try
        {
            return mapper.readTree(line);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private List<Acked> writeLog()
    {
        final List<Acked> acked = new ArrayList<>();
        final List<RejectReason> rejects = new ArrayList<>();
        final EgressListener listener = new EgressListener()
        {
            public void onAck(
                final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
            {
                throw new AssertionError("the client passes on acks with their partition");
            }

            public void onAck(
                final long clientSequence,
                final long engineSequence,
                final long timestampNs,
                final boolean duplicate,
                final int partition,
                final long partitionOffset)
            {
                acked.add(new Acked(clientSequence, engineSequence, timestampNs, partition, partitionOffset));
            }

            public void onReject(
                final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
            {
                rejects.add(reason);
            }
        };
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams("events=7:3,other=8"));
            StreamFlowClient client = TestNodes.ipcClient(node, 9))
        {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
            for (int i = 0; i < RECORDS; i++)
            {
                final int keyLength = key.putStringWithoutLengthAscii(0, "device-" + (i % 11));
                final int payloadLength = payload.putStringWithoutLengthAscii(0, "{\"n\":" + i + "}");
                assertTrue(client.sendRecord(7, i, key, 0, keyLength, payload, 0, payloadLength, listener) >= 0);
                client.poll(listener, 16);
            }
            TestNodes.await(() -> acked.size() + rejects.size() == RECORDS, 10_000, () -> client.poll(listener, 64),
                "every answer");
        }
        assertEquals(List.of(), rejects);
        return acked;
    }

    /**
     * consume's JSON lines as what the acks said, by the client sequence each line carries.
     */
    private List<Acked> parse(final String out) throws Exception
    {
        final List<Acked> lines = new ArrayList<>();
        for (final String line : out.lines().toList())
        {
            final JsonNode json = mapper.readTree(line);
            assertEquals("events", json.get("stream").asText());
            assertEquals(json.get("client_sequence").asLong(), json.get("payload").get("n").asLong());
            assertTrue(json.get("key").asText().getBytes(StandardCharsets.US_ASCII).length > 0);
            lines.add(new Acked(json.get("client_sequence").asLong(), json.get("sequence").asLong(),
                json.get("timestamp_ns").asLong(), json.get("partition").asInt(), json.get("offset").asLong()));
        }
        return lines;
    }

    private static long countIn(final List<Acked> acked, final int partition)
    {
        return acked.stream().filter((a) -> partition == a.partition()).count();
    }
}
