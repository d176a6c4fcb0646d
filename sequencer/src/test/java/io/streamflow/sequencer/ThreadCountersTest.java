package io.streamflow.sequencer;

import io.streamflow.engine.NodeCounters;
import io.aeron.Aeron;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's counters, as any process (AeronStat) sees them in the media driver's counters file, show how its
 * threads are pinned and how they idle.
 */
class ThreadCountersTest
{
    @TempDir
    File dir;

    @Test
    void pinnedCpuAndIdleStrategyAreInTheCounters()
    {
        final StreamFlowNode.Context ctx = TestNodes.context(dir).sequencerCpu(0).journalCpu(1).idleStrategy("yield");
        try (StreamFlowNode node = StreamFlowNode.launch(ctx);
            Aeron observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.context().aeronDirectoryName())))
        {
            final Map<String, Long> counters = new HashMap<>();
            final CountersReader reader = observer.countersReader();
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (NodeCounters.NODE_COUNTER_TYPE_ID == typeId)
                {
                    counters.put(label, reader.getCounterValue(counterId));
                }
            });

            if (ThreadingMode.SHARED == ctx.threadingMode())
            {
                assertEquals(0L, counters.get(
                    "streamflow thread node (shared): pinned cpu (-1 none), idle strategy yield"), counters.toString());
            }
            else
            {
                assertEquals(0L, counters.get("streamflow thread sequencer: pinned cpu (-1 none), idle strategy yield"),
                    counters.toString());
                assertEquals(1L, counters.get("streamflow thread journal: pinned cpu (-1 none), idle strategy yield"));
                assertEquals(-1L, counters.get("streamflow thread egress: pinned cpu (-1 none), idle strategy yield"));
            }
            assertTrue(counters.containsKey("streamflow sequencer: commands sequenced"));
            assertTrue(counters.containsKey("streamflow sequencer: rejects UNKNOWN_STREAM"));
        }
    }
}
