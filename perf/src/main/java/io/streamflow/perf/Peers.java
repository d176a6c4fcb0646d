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
    /** Name of the Flink peer. */
    static final String FLINK = "peer-flink";

    private static final String KAFKA_TITLE = "Apache Kafka 4.1 (single KRaft broker, acks=all, 1 partition)";
    private static final String FLINK_TITLE = "Apache Flink 1.20 MiniCluster (Nexmark q5, q7)";
    private static final String EXCHANGE_CORE_TITLE = "exchange-core 0.5.3 (the matcher benchmark's order mix)";

    /** Nexmark events generated for the Flink comparison (about 92 % of them bids). */
    static final int NEXMARK_EVENTS = 1_000_000;

    private final List<ScenarioResult> results = new ArrayList<>();
    private final ArrayNode status;
    private final ArrayNode throughput;
    private final ObjectMapper mapper;

    private Peers(final ObjectMapper mapper)
    {
        this.mapper = mapper;
        this.status = mapper.createArrayNode();
        this.throughput = mapper.createArrayNode();
    }

    /**
     * Run the peers that have runners and were asked for, under the same load as the StreamFlow scenarios; every
     * peer gets a status, run or not.
     *
     * @param mapper    for the JSON.
     * @param rate      offered per second.
     * @param durationS measured.
     * @param warmupS   before.
     * @param only      the scenarios asked for, null for all.
     * @return the peers' results and status.
     */
    static Peers run(
        final ObjectMapper mapper, final long rate, final long durationS, final long warmupS, final List<String> only)
    {
        final Peers peers = new Peers(mapper);
        if (null == only || only.contains(KAFKA))
        {
            peers.runKafka(rate, durationS, warmupS);
        }
        else
        {
            peers.notRun(KAFKA_TITLE, "not run: not among --scenarios");
        }
        peers.notRun(EXCHANGE_CORE_TITLE, "not run: its runner is not in this version of the bench");
        if (null == only || only.contains(FLINK))
        {
            peers.runFlink();
        }
        else
        {
            peers.notRun(FLINK_TITLE, "not run: not among --scenarios");
        }
        return peers;
    }

    List<ScenarioResult> results()
    {
        return results;
    }

    ArrayNode status()
    {
        return status;
    }

    /**
     * @return the throughput comparisons: each a StreamFlow figure next to a peer's, with their ratio.
     */
    ArrayNode throughput()
    {
        return throughput;
    }

    private void runKafka(final long rate, final long durationS, final long warmupS)
    {
        final String name = KAFKA_TITLE;
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
            final String failure = runPeerJvm(target, jar, "io.streamflow.peers.kafka.KafkaPeer", out,
                durationS + warmupS + 180, "--rate", Long.toString(rate), "--duration", Long.toString(durationS),
                "--warmup", Long.toString(warmupS));
            if (null != failure)
            {
                fail(scenario, rate, name, failure);
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
        }
        catch (final Exception ex)
        {
            fail(scenario, rate, name, "failed: " + ex);
        }
    }

    private void runFlink()
    {
        final String name = FLINK_TITLE;
        final File target = new File("perf/peer-flink/target");
        final File jar = new File(target, "peer-flink-0.1.0-SNAPSHOT.jar");
        if (!jar.isFile())
        {
            notRun(name, "not run: the peer is not built (mvn -B -pl perf/peer-flink -am package -DskipTests, which " +
                "bin/perf does)");
            return;
        }
        System.out.printf(Locale.ROOT, "Apache Flink: Nexmark q5 and q7 over the bids of %,d events, in its own JVM, " +
            "then StreamFlow's pipelines over the same bids ...%n", NEXMARK_EVENTS);
        try
        {
            final File out = File.createTempFile("streamflow-peer-flink", ".json");
            final String failure = runPeerJvm(target, jar, "io.streamflow.peers.flink.FlinkPeer", out, 300,
                "--events", Integer.toString(NEXMARK_EVENTS));
            if (null != failure)
            {
                notRun(name, failure);
                return;
            }
            final JsonNode json = mapper.readTree(out);
            Files.deleteIfExists(out.toPath());
            final List<byte[]> bids = NexmarkThroughput.bids(NEXMARK_EVENTS);
            for (final String query : List.of("q5", "q7"))
            {
                final NexmarkThroughput.Outcome streamflow = NexmarkThroughput.run(query, bids);
                final JsonNode flink = json.get(query);
                throughput.addObject()
                    .put("name", "Nexmark " + query + ", bids/s, one thread (Flink: parallelism 1)")
                    .put("streamflow", Math.round(streamflow.bidsPerSecond()))
                    .put("peer", json.get("peer").asText())
                    .put("peer_value", Math.round(flink.get("bids_per_s").asDouble()))
                    .put("ratio_streamflow_to_peer", BenchReport.round2(
                        streamflow.bidsPerSecond() / Math.max(1, flink.get("bids_per_s").asDouble())))
                    .put("results_streamflow", streamflow.results())
                    .put("results_peer", flink.get("results").asLong());
            }
            status.addObject().put("name", json.get("peer").asText())
                .put("status", "ran: see throughput comparisons")
                .put("setup", json.get("setup").asText());
        }
        catch (final Exception ex)
        {
            notRun(name, "failed: " + ex);
        }
    }

    /**
     * Run a peer's main in a JVM of its own with this JVM's module flags, its output to a temporary log.
     *
     * @return null when it wrote its result, else why not.
     */
    private static String runPeerJvm(
        final File target, final File jar, final String mainClass, final File out, final long timeoutS,
        final String... args) throws Exception
    {
        final File log = File.createTempFile("streamflow-peer", ".log");
        final List<String> command = new ArrayList<>(List.of(
            new File(System.getProperty("java.home"), "bin/java").getPath()));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter((a) -> a.startsWith("--add-") || a.startsWith("-D")).toList());
        command.addAll(List.of("-cp", jar.getPath() + File.pathSeparator + new File(target, "lib").getPath() +
            File.separator + "*", mainClass, "--out", out.getPath()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        final boolean exited = process.waitFor(timeoutS, TimeUnit.SECONDS);
        try
        {
            if (exited && 0 == process.exitValue() && out.length() > 0)
            {
                return null;
            }
            process.destroyForcibly();
            final List<String> lines = Files.readAllLines(log.toPath());
            return "failed: " + (exited ? "exit " + process.exitValue() : "timed out") + "; last output: " +
                String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        }
        finally
        {
            Files.deleteIfExists(log.toPath());
        }
    }

    private void notRun(final String name, final String why)
    {
        System.out.println("  " + name + ": " + why);
        status.addObject().put("name", name).put("status", why);
    }

    private void fail(final Scenario scenario, final long rate, final String name, final String why)
    {
        notRun(name, why);
        results.add(new ScenarioResult(scenario, rate, null, why));
    }
}
