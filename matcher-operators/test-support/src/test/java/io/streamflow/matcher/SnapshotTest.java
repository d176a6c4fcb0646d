package io.streamflow.matcher;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * restore(snapshot(engine)) is the same engine: same state hash, and from there the same events as an engine that
 * never stopped.
 */
class SnapshotTest
{
    @Test
    void snapshotMidStreamThenContinuingGivesTheSameEventsAsNeverSnapshotting()
    {
        final Random seeds = new Random(42);
        for (int stream = 0; stream < 500; stream++)
        {
            final long seed = seeds.nextLong();
            final int commands = 50 + new Random(seed).nextInt(600);
            final int split = new Random(seed + 1).nextInt(commands);

            final RecordingMatchingListener uninterruptedEvents = new RecordingMatchingListener();
            final MatchingEngine uninterrupted = new MatchingEngine(CommandGenerator.context(seed),
                uninterruptedEvents);
            final CommandGenerator uninterruptedCommands = new CommandGenerator(seed);

            final MatchingEngine before = new MatchingEngine(CommandGenerator.context(seed),
                new RecordingMatchingListener());
            final CommandGenerator commandsBefore = new CommandGenerator(seed);
            for (int i = 0; i < split; i++)
            {
                uninterruptedCommands.next(Targets.of(uninterrupted));
                commandsBefore.next(Targets.of(before));
            }

            final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
            final int length = before.snapshot(snapshot, 0);
            final RecordingMatchingListener afterEvents = new RecordingMatchingListener();
            final MatchingEngine after = new MatchingEngine(CommandGenerator.context(seed), afterEvents);
            after.restore(snapshot, 0, length);
            after.validateInternalState();
            assertEquals(uninterrupted.stateHash(), after.stateHash(), "seed " + seed + ": hash after restore");
            assertEquals(uninterrupted.openOrderCount(), after.openOrderCount());

            uninterruptedEvents.clear();
            for (int i = split; i < commands; i++)
            {
                uninterruptedCommands.next(Targets.of(uninterrupted));
                commandsBefore.next(Targets.of(after));
                after.validateInternalState();
            }
            if (!uninterruptedEvents.events.equals(afterEvents.events))
            {
                fail("seed " + seed + " split at " + split + ": events differ after restore\n" +
                    firstDifference(uninterruptedEvents.events, afterEvents.events));
            }
            assertEquals(uninterrupted.stateHash(), after.stateHash(), "seed " + seed + ": hash at the end");
        }
    }

    @Test
    void theHashSeesEveryChangeOfState()
    {
        final MatchingEngine engine = new MatchingEngine(CommandGenerator.context(7), new RecordingMatchingListener());
        final CommandGenerator commands = new CommandGenerator(7);
        final List<Long> hashes = new ArrayList<>();
        hashes.add(engine.stateHash());
        int changes = 0;
        for (int i = 0; i < 300; i++)
        {
            final int openBefore = engine.openOrderCount();
            commands.next(Targets.of(engine));
            final long hash = engine.stateHash();
            if (engine.openOrderCount() != openBefore)
            {
                assertNotEquals(hashes.get(hashes.size() - 1), hash, "command " + i + " changed the open orders");
                changes++;
            }
            hashes.add(hash);
        }
        assertTrue(changes > 20, "changes seen: " + changes);
    }

    @Test
    void restoreRefusesAnEngineInUseAndExplainsABrokenSnapshot()
    {
        final MatchingEngine engine = new MatchingEngine(CommandGenerator.context(3), new RecordingMatchingListener());
        final CommandGenerator commands = new CommandGenerator(3);
        for (int i = 0; i < 100; i++)
        {
            commands.next(Targets.of(engine));
        }
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
        final int length = engine.snapshot(snapshot, 0);

        assertThrows(IllegalStateException.class, () -> engine.restore(snapshot, 0, length));

        final IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class, () ->
            new MatchingEngine(CommandGenerator.context(3), new RecordingMatchingListener())
                .restore(snapshot, 0, length - 3));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[64]);
        garbage.setMemory(0, 64, (byte)9);
        final IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () ->
            new MatchingEngine(CommandGenerator.context(3), new RecordingMatchingListener()).restore(garbage, 0, 64));
        assertTrue(foreign.getMessage().contains("expected template"), foreign.getMessage());
    }

    private static String firstDifference(final List<String> expected, final List<String> actual)
    {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
        {
            if (!expected.get(i).equals(actual.get(i)))
            {
                return "event " + i + "\n expected " + expected.get(i) + "\n actual   " + actual.get(i);
            }
        }
        return "lengths " + expected.size() + " vs " + actual.size();
    }
}
