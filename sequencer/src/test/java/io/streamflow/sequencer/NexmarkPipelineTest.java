package io.streamflow.sequencer;

import io.streamflow.engine.SnapshotStore;
import io.aeron.logbuffer.FragmentHandler;
import io.streamflow.client.OutputSubscription;
import io.streamflow.client.OutputRecords;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.pipelines.NexmarkPipelines;
import io.streamflow.stream.WindowResult;
import io.streamflow.stream.nexmark.Nexmark;
import io.streamflow.stream.nexmark.NexmarkBruteForce;
import io.streamflow.stream.nexmark.NexmarkGenerator;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nexmark events sent to a node as records, through the node's pipelines, give the brute-force results on the
 * pipelines' output streams; a restart in the middle (an older snapshot plus the journal after it) changes none of
 * them, and none is sent twice.
 */
class NexmarkPipelineTest
{
    private static final int EVENTS = 20_000;
    private static final int RESTART_AT = 11_000;
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long INTER_EVENT_DELAY_NS = 1_000_000L;
    private static final int NEXMARK_STREAM_ID = 4;

    @TempDir
    File dir;

    private final Map<Integer, List<String>> resultsByQuery = new LinkedHashMap<>();

    @Test
    void resultsEqualTheBruteForceAcrossARestart()
    {
        final List<NexmarkGenerator.Event> events = NexmarkGenerator.generate(
            11, EVENTS, START_NS, INTER_EVENT_DELAY_NS, 20);
        final List<NexmarkGenerator.Event> flush = flush(START_NS + EVENTS * INTER_EVENT_DELAY_NS + 3_600_000_000_000L);
        for (final int query : new int[]{ 0, 2, 5, 7, 8, 11 })
        {
            resultsByQuery.put(query, new ArrayList<>());
        }

        final StreamFlowNode.Context first = context();
        try (StreamFlowNode node = StreamFlowNode.launch(first))
        {
            send(node, events.subList(0, RESTART_AT));
        }
        final File[] snapshots = new SnapshotStore(first.snapshotDir()).newestFirst();
        assertEquals(SnapshotStore.RETAINED, snapshots.length);
        assertTrue(snapshots[0].delete(), "restart from the older snapshot, with journal to replay");

        try (StreamFlowNode node = StreamFlowNode.launch(context()))
        {
            assertTrue(node.replayedCommands() > 0, "the journal after the snapshot was replayed");
            send(node, events.subList(RESTART_AT, EVENTS));
            send(node, flush);
        }

        final List<NexmarkGenerator.Event> everything = new ArrayList<>(events);
        everything.addAll(flush);
        check(0, NexmarkBruteForce.q0(everything));
        check(2, NexmarkBruteForce.q2(everything));
        check(5, NexmarkBruteForce.q5(events));
        check(7, NexmarkBruteForce.q7(events));
        check(8, NexmarkBruteForce.q8(events));
        check(11, NexmarkBruteForce.q11(events));
    }

    /**
     * The node's results are the brute force's, in the same order.
     */
    private void check(final int query, final List<String> expected)
    {
        final List<String> actual = resultsByQuery.get(query);
        assertTrue(!expected.isEmpty(), "q" + query + " has results to compare");
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
        {
            assertEquals(expected.get(i), actual.get(i), "q" + query + " result " + i);
        }
        assertEquals(expected.size(), actual.size(), "q" + query + " result count");
    }

    /**
     * One person, auction and bid an hour after the rest, that match nothing: every source's watermark passes every
     * window of the real events, so all of them fire (the brute force closes them all), and the flush's own windows
     * stay open.
     */
    private static List<NexmarkGenerator.Event> flush(final long timeNs)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final List<NexmarkGenerator.Event> flush = new ArrayList<>();
        int length = Nexmark.Person.encode(buffer, 9_999_001, timeNs, 0, 0, "flush");
        flush.add(new NexmarkGenerator.Event(Nexmark.PERSON, timeNs, Arrays.copyOf(buffer.byteArray(), length)));
        length = Nexmark.Auction.encode(buffer, 9_999_002, timeNs, 9_999_003, 0, 1, 1, timeNs + 1);
        flush.add(new NexmarkGenerator.Event(Nexmark.AUCTION, timeNs, Arrays.copyOf(buffer.byteArray(), length)));
        length = Nexmark.Bid.encode(buffer, 9_999_002, 9_999_004, 1, timeNs, 0);
        flush.add(new NexmarkGenerator.Event(Nexmark.BID, timeNs, Arrays.copyOf(buffer.byteArray(), length)));
        return flush;
    }

    private StreamFlowNode.Context context()
    {
        return TestNodes.context(dir)
            .outputChannel("aeron:ipc")
            .snapshotInterval(4_000)
            .operator(TestNodes.standardOperator(
                "nexmark-q0", "nexmark-q2", "nexmark-q5", "nexmark-q7", "nexmark-q8", "nexmark-q11"));
    }

    private void send(final StreamFlowNode node, final List<NexmarkGenerator.Event> events)
    {
        final List<OutputSubscription> subscriptions = new ArrayList<>();
        try (StreamFlowClient client = TestNodes.ipcClient(node, 77))
        {
            final RecordingListener listener = new RecordingListener();
            final List<FragmentHandler> assemblers = new ArrayList<>();
            for (final Map.Entry<Integer, List<String>> e : resultsByQuery.entrySet())
            {
                subscriptions.add(client.subscribeOutput(NexmarkPipelines.OUTPUT_STREAM_ID_BASE + e.getKey()));
                assemblers.add(OutputRecords.handler(new ResultCollector(e.getKey(), e.getValue())));
            }
            final Runnable pollAll = () ->
            {
                client.poll(listener, 256);
                for (int i = 0; i < subscriptions.size(); i++)
                {
                    subscriptions.get(i).poll(assemblers.get(i), 256);
                }
            };
            TestNodes.await(() -> subscriptions.stream().allMatch(OutputSubscription::isConnected), 5_000, pollAll,
                "output subscriptions");
            final long resultsBefore = totalResults();
            final long publishedBefore = node.counters().outputMessages();

            final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
            for (final NexmarkGenerator.Event event : events)
            {
                payload.wrap(event.bytes());
                assertTrue(client.sendRecord(NEXMARK_STREAM_ID, event.dateTime(), null, 0, 0, payload, 0,
                    event.bytes().length, listener) >= 0);
                pollAll.run();
            }
            TestNodes.await(() -> listener.answers() == events.size(), 30_000, pollAll, "every event acknowledged");
            listener.assertNoRejects();
            // Every event is answered; once egress has drained the ring it has published every result of them.
            TestNodes.await(() -> node.engine().isDrained() &&
                totalResults() - resultsBefore == node.counters().outputMessages() - publishedBefore,
                10_000, pollAll, "every published result received");
        }
        finally
        {
            CloseHelper.closeAll(subscriptions);
        }
    }

    private long totalResults()
    {
        return resultsByQuery.values().stream().mapToLong(List::size).sum();
    }

    /**
     * Renders each OutputRecord of one query as the brute force's text.
     */
    private static final class ResultCollector implements OutputRecords.Handler
    {
        private final List<String> results;
        private final Function<UnsafeBuffer, String> render;

        ResultCollector(final int query, final List<String> results)
        {
            this.results = results;
            this.render = switch (query)
            {
                case 0, 2 -> (bytes) ->
                {
                    final Nexmark.Bid bid = new Nexmark.Bid();
                    bid.wrap(bytes, 0, bytes.capacity());
                    return NexmarkBruteForce.bid(bid.auction(), bid.bidder(), bid.price(), bid.dateTime());
                };
                case 8 -> (bytes) ->
                {
                    final Nexmark.PersonAuction result = new Nexmark.PersonAuction();
                    result.wrap(bytes, 0, bytes.capacity());
                    return result.personId() + "/" + result.auctionId() + "/" + result.reserve();
                };
                default -> (bytes) ->
                {
                    final WindowResult result = new WindowResult();
                    result.wrap(bytes, 0, bytes.capacity());
                    return result.toString();
                };
            };
        }

        public void onResult(
            final long engineSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            results.add(render.apply(new UnsafeBuffer(bytes)));
        }
    }
}
