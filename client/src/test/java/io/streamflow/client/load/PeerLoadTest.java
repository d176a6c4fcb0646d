package io.streamflow.client.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerLoadTest
{
    @Test
    void theArgumentsCarryTheLoadToThePeerUnchanged()
    {
        final PeerLoad load = new PeerLoad(100_000, 10, 3, 1_000_000, new File("out.json"),
            Map.of("--wait-strategy", "YIELDING"));
        final PeerLoad parsed = PeerLoad.parse(load.toArguments().toArray(new String[0]), "--wait-strategy");
        assertEquals(load, parsed);
        assertEquals("YIELDING", parsed.option("--wait-strategy", "BUSY_SPIN"));
        assertEquals("x", parsed.option("--other", "x"));
    }

    @Test
    void latenciesComeBackFromTheirTextUnchanged() throws Exception
    {
        final Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(2_310, 980);
        latencies.recordValueWithCount(10_010_000, 20);
        assertEquals(latencies, PeerLoad.decodeLatencies(PeerLoad.encodeLatencies(latencies)));
    }

    @Test
    void unknownOptionsMissingValuesAndMissingFieldsAreRefusedByName()
    {
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> PeerLoad.parse(
            new String[]{ "--rate", "1", "--duration", "1", "--max-messages", "1", "--out", "f", "--wait", "X" }));
        assertTrue(unknown.getMessage().contains("unknown option --wait"), unknown.getMessage());
        final IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
            () -> PeerLoad.parse(new String[]{ "--rate" }));
        assertTrue(noValue.getMessage().contains("--rate needs a value"), noValue.getMessage());
        final IllegalArgumentException noOut = assertThrows(IllegalArgumentException.class,
            () -> PeerLoad.parse(new String[]{ "--rate", "1", "--duration", "1", "--max-messages", "1" }));
        assertTrue(noOut.getMessage().contains("--out FILE"), noOut.getMessage());
    }
}
