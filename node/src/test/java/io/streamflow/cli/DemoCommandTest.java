package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest
{
    @Test
    void jsonOutputIsOneObjectWithTheKeysScriptsRelyOn() throws Exception
    {
        final Cli cli = Cli.run("demo", "--count", "20000", "--rate", "0", "--warmup", "5000", "--json");
        assertEquals(0, cli.exitCode, cli.toString());

        final ObjectMapper mapper = new ObjectMapper();
        final JsonNode json = mapper.readTree(cli.out);
        assertEquals(cli.out.trim(), mapper.writeValueAsString(json), "stdout holds the JSON object and nothing else");
        for (final String key : List.of("sent", "acked", "rejected", "duplicates", "throughput_per_s", "latency_us"))
        {
            assertTrue(json.has(key), "key " + key + " in " + cli.out);
        }
        for (final String key : List.of("p50", "p90", "p99", "p99_9", "p99_99", "max"))
        {
            assertTrue(json.get("latency_us").get(key).isNumber(), "latency_us." + key);
        }
        assertEquals(20000, json.get("sent").asLong());
        assertEquals(20000, json.get("acked").asLong());
        assertEquals(5000, json.get("warmup_records").asLong(), "warm-up sent first, not counted");
        assertEquals(20000, json.get("measured_records").asLong());
        assertEquals(0, json.get("rejected").asLong());
        assertEquals(0, json.get("duplicates").asLong());
        assertTrue(json.get("throughput_per_s").asLong() > 0);
        assertTrue(json.get("latency_us").get("p50").asDouble() <= json.get("latency_us").get("max").asDouble());
    }

    @Test
    void textOutputNamesEveryCountAndPercentile()
    {
        final Cli cli = Cli.run("demo", "--count", "5000", "--rate", "50000", "--warmup", "0");
        assertEquals(0, cli.exitCode, cli.toString());
        for (final String text : List.of("sent 5,000", "acked 5,000", "rejected 0", "duplicates 0", "throughput",
            "p50", "p90", "p99", "p99.9", "p99.99", "max"))
        {
            assertTrue(cli.out.contains(text), text + " in " + cli.out);
        }
    }

    @Test
    void theSenderCanParkWhileItWaitsAndAnUnknownWaitIsRefused() throws Exception
    {
        final Cli cli = Cli.run("demo", "--count", "5000", "--rate", "20000", "--warmup", "0", "--sender-wait",
            "park", "--json");
        assertEquals(0, cli.exitCode, cli.toString());
        final JsonNode json = new ObjectMapper().readTree(cli.out);
        assertEquals("park", json.get("sender_wait").asText());
        assertEquals(5000, json.get("acked").asLong(), cli.out);

        final Cli refused = Cli.run("demo", "--count", "10", "--sender-wait", "nap");
        assertTrue(0 != refused.exitCode, refused.toString());
        assertTrue(refused.toString().contains("--sender-wait must be spin, yield or park, not nap"),
            refused.toString());
    }

    @Test
    void orderWorkloadTradesAndReportsTheTradeCount() throws Exception
    {
        final Cli cli = Cli.run("demo", "--workload", "orders", "--count", "20000", "--rate", "0", "--warmup", "2000",
            "--json");
        assertEquals(0, cli.exitCode, cli.toString());
        final JsonNode json = new ObjectMapper().readTree(cli.out);
        assertEquals("orders", json.get("workload").asText());
        assertEquals(20000, json.get("acked").asLong(), "every order command answered once: " + cli.out);
        assertEquals(0, json.get("rejected").asLong());
        assertTrue(json.get("trades").asLong() > 1000, "the mix trades: " + cli.out);
        assertTrue(json.get("fills").asLong() >= json.get("trades").asLong(), "a fill report per side: " + cli.out);
    }

    @Test
    void fixWorkloadSendsOrdersThroughTheFixGatewayAndEveryOneIsAnswered() throws Exception
    {
        final Cli cli = Cli.run("demo", "--workload", "fix", "--count", "2000", "--rate", "1000", "--warmup", "500",
            "--json");
        assertEquals(0, cli.exitCode, cli.toString());
        final JsonNode json = new ObjectMapper().readTree(cli.out);
        assertEquals("fix", json.get("workload").asText());
        assertEquals(2000, json.get("acked").asLong(), "every NewOrderSingle answered by its ExecutionReport: " +
            cli.out);
        assertEquals(0, json.get("rejected").asLong());
    }

    @Test
    void everyCommandHasHelp()
    {
        for (final List<String> command : List.of(List.of("--help"), List.of("demo", "--help"),
            List.of("node", "--help"), List.of("load", "--help"), List.of("produce", "--help"),
            List.of("consume", "--help"),
            List.of("orders", "--help"),
            List.of("pipelines", "--help"), List.of("journal", "--help"), List.of("journal", "dump", "--help"),
            List.of("journal", "verify", "--help")))
        {
            final Cli cli = Cli.run(command.toArray(new String[0]));
            assertEquals(0, cli.exitCode, command + ": " + cli);
            assertTrue(cli.out.contains("Usage:"), command + ": " + cli.out);
        }
    }

    @Test
    void badOptionsAreExplained()
    {
        final Cli cli = Cli.run("demo", "--rate", "-5");
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("invalid load settings"), cli.err);
    }
}
