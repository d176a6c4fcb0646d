package io.streamflow.peers.exchangecore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.load.PeerLoad;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeCorePeerTest
{
    @Test
    void runsTheMixAtARateAndFlatOutAndWritesWhatTheBenchReads(@TempDir final File dir) throws Exception
    {
        final File out = new File(dir, "exchange-core.json");
        ExchangeCorePeer.run(new String[]{
            "--rate", "20000", "--duration", "1", "--warmup", "1", "--max-messages", "50000", "--out", out.getPath() });

        final JsonNode json = new ObjectMapper().readTree(out);
        assertEquals(20_000, json.get("sent").asLong());
        assertEquals(0, json.get("unanswered").asLong());
        final Histogram latency = PeerLoad.decodeLatencies(json.get("histogram").asText());
        assertEquals(20_000, latency.getTotalCount(), "one latency per measured command, none of the warm-up");
        assertTrue(latency.getValueAtPercentile(50) > 0);

        final double throughput = json.get("throughput_per_s").asDouble();
        assertTrue(throughput > 15_000 && throughput < 25_000, "the offered rate is what was measured: " + throughput);
        assertTrue(json.get("max_throughput_per_s").asDouble() > 0);
        assertEquals(50_000, json.get("max_throughput_answered").asLong());

        // The mix trades, and what exchange-core refuses is the cancels and moves of orders already filled.
        final long trades = json.get("counts").get("trades").asLong();
        final long rejected = json.get("counts").get("rejected").asLong();
        assertTrue(trades > 2_000, "trades " + trades);
        assertTrue(rejected > 0 && rejected < 20_000 * 0.4, "rejected " + rejected);
        final JsonNode byCode = json.get("counts").get("rejected_by_code_incl_warmup");
        assertEquals(1, byCode.size(), "refused for one reason only: " + byCode);
        assertTrue(byCode.has("MATCHING_UNKNOWN_ORDER_ID"), byCode.toString());
    }
}
