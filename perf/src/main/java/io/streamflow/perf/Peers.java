package io.streamflow.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamflow.client.load.LoadGenerator;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The peers a user compares StreamFlow with. Each lives in a module of its own under {@code perf/} and runs in a JVM
 * of its own, started here with the same offered load, so that its dependencies never reach the engine's class path;
 * it writes its result (a latency histogram, throughputs) as JSON, read back into the run's results. A peer that
 * cannot run says why, in the output and in the summary.
 */
final class Peers
{
    /** Name of the Kafka peer's scenario. */
    static final String KAFKA = "peer-kafka";

    private final List<ScenarioResult> results = new ArrayList<>();
    private final ArrayNode status;
    private final ObjectMapper mapper;

    private Peers(final ObjectMapper mapper)
    {
        this.mapper = mapper;
        this.status = mapper.createArrayNode();
    }

    /**
     * Run the peers that have runners, under the same load as the StreamFlow scenarios.
     *
     * @param mapper    for the JSON.
     * @param rate      offered per second.
     * @param durationS measured.
     * @param warmupS   before.
     * @return the peers' results and status.
     */
    static Peers run(final ObjectMapper mapper, final long rate, final long durationS, final long warmupS)
    {
        final Peers peers = new Peers(mapper);
        peers.runKafka(rate, durationS, warmupS);
        peers.notYet("exchange-core 0.5.3 (the matcher benchmark's order mix)");
        peers.notYet("Apache Flink 1.20 MiniCluster (Nexmark q5, q7)");
        return peers;
    }

    /**
     * @param mapper for the JSON.
     * @return the peers, none run.
     */
    static ArrayNode status(final ObjectMapper mapper)
    {
        final Peers peers = new Peers(mapper);
        peers.status.addObject().put("name", "Apache Kafka 4.1 (single KRaft broker, acks=all, 1 partition)")
            .put("status", "not run");
        peers.notYet("exchange-core 0.5.3 (the matcher benchmark's order mix)");
        peers.notYet("Apache Flink 1.20 MiniCluster (Nexmark q5, q7)");
        return peers.status;
    }

    List<ScenarioResult> results()
    {
        return results;
    }

    ArrayNode status()
    {
        return status;
    }

    private void notYet(final String name)
    {
        status.addObject().put("name", name).put("status", "not run: its runner is not in this version of the bench");
    }

    private void runKafka(final long rate, final long durationS, final long warmupS)
    {
        final String name = "Apache Kafka 4.1 (single KRaft broker, acks=all, 1 partition)";
        final Scenario scenario = new Scenario(KAFKA, "Apache Kafka produce → consume, acks=all, loopback",
            Scenarios.RECORDS_UDP, null);
        final File target = new File("perf/peer-kafka/target");
        final File jar = new File(target, "peer-kafka-0.1.0-SNAPSHOT.jar");
        if (!jar.isFile())
        {
            fail(scenario, rate, name, "not run: the peer is not built (mvn -B -pl perf/peer-kafka -am package " +
                "-DskipTests, which bin/perf does)");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %,d/s for %d s (+%d s warm-up), then as fast as it goes, in its own JVM" +
            " ...%n", scenario.title(), rate, durationS, warmupS);
        try
        {
            final File out = File.createTempFile("streamflow-peer-kafka", ".json");
            final File log = File.createTempFile("streamflow-peer-kafka", ".log");
            final List<String> command = new ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath()));
            command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter((a) -> a.startsWith("--add-") || a.startsWith("-D")).toList());
            command.addAll(List.of("-cp", jar.getPath() + File.pathSeparator + new File(target, "lib").getPath() +
                File.separator + "*", "io.streamflow.peers.kafka.KafkaPeer", "--rate", Long.toString(rate),
                "--duration", Long.toString(durationS), "--warmup", Long.toString(warmupS), "--out", out.getPath()));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log).start();
            final boolean exited = process.waitFor(durationS + warmupS + 180, TimeUnit.SECONDS);
            if (!exited || 0 != process.exitValue() || 0 == out.length())
            {
                process.destroyForcibly();
                final List<String> lines = Files.readAllLines(log.toPath());
                fail(scenario, rate, name, "failed: " + (exited ? "exit " + process.exitValue() : "timed out") +
                    "; last output: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3),
                    lines.size())));
                return;
            }
            final JsonNode json = mapper.readTree(out);
            final Histogram histogram = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(json.get("histogram").asText())), 0);
            final long sent = json.get("sent").asLong();
            results.add(new ScenarioResult(scenario, rate, new LoadGenerator.Result(sent,
                sent - json.get("unanswered").asLong(), 0, 0, 0, json.get("elapsed_ns").asLong(), histogram,
                rate * warmupS, null), null));
            status.addObject().put("name", json.get("peer").asText())
                .put("status", "ran: scenario " + KAFKA)
                .put("setup", json.get("setup").asText())
                .put("startup_s", BenchReport.round2(json.get("startup_s").asDouble()))
                .put("max_throughput_per_s", Math.round(json.get("max_throughput_per_s").asDouble()));
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(log.toPath());
        }
        catch (final Exception ex)
        {
            fail(scenario, rate, name, "failed: " + ex);
        }
    }

    private void fail(final Scenario scenario, final long rate, final String name, final String why)
    {
        System.out.println("  " + name + ": " + why);
        status.addObject().put("name", name).put("status", why);
        results.add(new ScenarioResult(scenario, rate, null, why));
    }
}
