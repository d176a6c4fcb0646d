package io.streamflow.matcher;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine against the reference book: many seeded random command streams, identical event sequences expected
 * command by command, and the engine's internal invariants checked after every command. A failure names its seed;
 * replay it alone with {@code -Dmatcher.seed=SEED}.
 */
class DifferentialTest
{
    private static final int STREAMS = Integer.getInteger("matcher.streams", 10_000);
    private static final int MAX_COMMANDS = 1_000;

    @Test
    void engineEmitsExactlyWhatTheReferenceBookEmits()
    {
        final Long only = Long.getLong("matcher.seed");
        if (null != only)
        {
            runStream(only, new TreeSet<>());
            return;
        }

        final Random seeds = new Random(20261121);
        final Set<String> outcomes = new TreeSet<>();
        long commands = 0;
        for (int i = 0; i < STREAMS; i++)
        {
            commands += runStream(seeds.nextLong(), outcomes);
        }
        assertEquals(true, commands > STREAMS * 100L, "streams of substance: " + commands + " commands");
        if (STREAMS >= 1_000)
        {
            assertEquals(EXPECTED_OUTCOMES, outcomes, "every rule is exercised");
        }
    }

    private static final Set<String> EXPECTED_OUTCOMES = new TreeSet<>(List.of(
        "NEW/NONE", "PARTIAL_FILL/NONE", "FILL/NONE", "REPLACED/NONE", "TRADE", "TOB", "DEPTH",
        "CANCELED/CANCEL_REQUESTED", "CANCELED/MASS_CANCEL", "CANCELED/REMAINDER", "CANCELED/SELF_TRADE_PREVENTED",
        "CANCELED/CAPACITY", "CANCELED/FOK_UNFILLABLE",
        "REJECTED/UNKNOWN_INSTRUMENT", "REJECTED/INVALID_QUANTITY", "REJECTED/OFF_TICK_PRICE",
        "REJECTED/OFF_LOT_QUANTITY", "REJECTED/OUTSIDE_PRICE_BAND", "REJECTED/UNKNOWN_ORDER",
        "REJECTED/DUPLICATE_CLIENT_ORDER_ID", "REJECTED/ORDER_LIMIT", "REJECTED/WOULD_CROSS",
        "REJECTED/CAPACITY", "REJECTED/UNSUPPORTED"));

    static int runStream(final long seed, final Set<String> outcomes)
    {
        final RecordingMatchingListener engineEvents = new RecordingMatchingListener();
        final RecordingMatchingListener referenceEvents = new RecordingMatchingListener();
        final MatchingEngine engine = new MatchingEngine(CommandGenerator.context(seed), engineEvents);
        final ReferenceBook reference = new ReferenceBook(CommandGenerator.context(seed), referenceEvents);
        final CommandGenerator generator = new CommandGenerator(seed);
        final CommandGenerator.Target engineTarget = Targets.of(engine);

        final int commands = 1 + new Random(seed).nextInt(MAX_COMMANDS);
        for (int i = 0; i < commands; i++)
        {
            generator.next(engineTarget, reference);
            if (!engineEvents.events.equals(referenceEvents.events))
            {
                fail("seed " + seed + " (replay: -Dmatcher.seed=" + seed + "), command " + i + ":\n engine:    " +
                    String.join("\n            ", engineEvents.events) + "\n reference: " +
                    String.join("\n            ", referenceEvents.events));
            }
            try
            {
                engine.validateInternalState();
                reference.checkInvariants();
            }
            catch (final IllegalStateException ex)
            {
                fail("seed " + seed + " (replay: -Dmatcher.seed=" + seed + "), command " + i + ": " + ex.getMessage());
            }
            if (!engineEvents.conservationFaults.isEmpty())
            {
                fail("seed " + seed + ", command " + i + ": " + engineEvents.conservationFaults);
            }
            if (engineEvents.boughtQuantity != engineEvents.soldQuantity ||
                engineEvents.boughtQuantity != engineEvents.tradedQuantity)
            {
                fail("seed " + seed + ", command " + i + ": bought " + engineEvents.boughtQuantity + ", sold " +
                    engineEvents.soldQuantity + ", traded " + engineEvents.tradedQuantity);
            }
            for (final String event : engineEvents.events)
            {
                final String[] words = event.split(" ");
                outcomes.add(words[0].equals("TRADE") || words[0].equals("TOB") || words[0].equals("DEPTH") ?
                    words[0] : words[0] + "/" + words[1]);
            }
            engineEvents.events.clear();
            referenceEvents.events.clear();
        }
        return commands;
    }
}
