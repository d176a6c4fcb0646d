package io.streamflow.cli;

import io.streamflow.journal.RetentionPolicy;
import io.streamflow.sequencer.StreamFlowNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's options reach the node's context as the help says.
 */
class NodeOptionsTest
{
    @Test
    void syncJournalTurnsOnTheSyncDurabilityModeWhichIsOffByDefault()
    {
        assertFalse(contextOf("--dir", "x").engineContext().journalSync(), "off by default");
        assertTrue(contextOf("--dir", "x", "--sync-journal").engineContext().journalSync());
    }

    @Test
    void noJournalPrefaultTurnsOffThePrefaulterWhichIsOnByDefault()
    {
        assertTrue(contextOf("--dir", "x").engineContext().journalPrefault(), "on by default");
        assertFalse(contextOf("--dir", "x", "--no-journal-prefault").engineContext().journalPrefault());
    }

    @Test
    void retentionOptionsReachTheEngineAndNoneKeepsEverything()
    {
        assertFalse(contextOf("--dir", "x").engineContext().journalRetention().isActive(), "keep all by default");
        assertEquals(new RetentionPolicy(TimeUnit.DAYS.toNanos(7), 100L << 30, true), contextOf("--dir", "x",
            "--retention-age", "7d", "--retention-bytes", "100GB", "--retention-force").engineContext()
            .journalRetention());
        assertEquals(new RetentionPolicy(0, 1L << 20, false),
            contextOf("--dir", "x", "--retention-bytes", "1MB").engineContext().journalRetention());
    }

    @Test
    void snapshotIntervalAndReplayJournalReachTheEngine()
    {
        final StreamFlowNode.Context ctx = contextOf("--dir", "x", "--snapshot-interval", "42", "--replay-journal");
        assertEquals(42, ctx.engineContext().snapshotInterval());
        assertTrue(ctx.engineContext().replayWholeJournal());
    }

    @Test
    void theLogsOptionsReachTheEngineAndABadOneIsNamed()
    {
        final StreamFlowNode.Context ctx = contextOf("--dir", "x", "--journal-roll-cycle", "FAST_HOURLY",
            "--compact", "records", "--compaction-delete-retention", "2h", "--cold-after", "3d");
        assertEquals("FAST_HOURLY", ((Enum<?>)ctx.engineContext().conclude().journalRollCycle()).name());
        assertEquals(List.of(1), Arrays.stream(ctx.engineContext().compactedStreamIds()).boxed().toList());
        assertEquals(TimeUnit.HOURS.toNanos(2), ctx.engineContext().compactionDeleteRetentionNs());
        assertEquals(TimeUnit.DAYS.toNanos(3), ctx.engineContext().journalColdAfterNs());
        assertEquals(0, contextOf("--dir", "x").engineContext().journalColdAfterNs(), "no cold tier by default");

        final IllegalArgumentException badCycle = assertThrows(IllegalArgumentException.class,
            () -> contextOf("--dir", "x", "--journal-roll-cycle", "WEEKLYISH"));
        assertEquals("unknown journal roll cycle: WEEKLYISH", badCycle.getMessage());
        final IllegalArgumentException badStream = assertThrows(IllegalArgumentException.class,
            () -> contextOf("--dir", "x", "--compact", "nope").engineContext().conclude());
        assertTrue(badStream.getMessage().contains("unknown stream 'nope'"), badStream.getMessage());
    }

    private static StreamFlowNode.Context contextOf(final String... args)
    {
        final NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs(args);
        return command.nodeOptions.applyTo(new StreamFlowNode.Context().dir(command.dir));
    }
}
