package io.streamflow.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.PeerLoad;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /** Name of the exchange-core peer's scenario. */
    static final String EXCHANGE_CORE = "peer-exchange-core";
    /** Name of the Flink peer. */
    static final String FLINK = "peer-flink";

    private static final String FLINK_TITLE = "Apache Flink 1.20 MiniCluster (Nexmark q5, q7)";

    /** Nexmark events generated for the Flink comparison (about 92 % of them bids). */
    static final int NEXMARK_EVENTS = 1_000_000;
    /** Messages (Kafka) and commands (exchange-core) of the as-fast-as-it-goes runs, for the peer and StreamFlow. */
    static final long MAX_THROUGHPUT_MESSAGES = 1_000_000;

    private static final LatencyPeer KAFKA_PEER = new LatencyPeer(
        new Scenario(KAFKA, "Apache Kafka produce → consume, acks=all, loopback", Scenarios.RECORDS_UDP, null),
        "Apache Kafka 4.1 (single KRaft broker, acks=all, 1 partition)", "io.streamflow.peers.kafka.KafkaPeer",
        List.of(), "messages/s as fast as they go: StreamFlow records over UDP vs Kafka (linger.ms=5)");
    private static final LatencyPeer EXCHANGE_CORE_PEER = new LatencyPeer(
        new Scenario(EXCHANGE_CORE, "exchange-core, the orders mix in process (no transport, no journal)",
            Scenarios.ORDERS_IPC, null),
        "exchange-core 0.5.3 (the bench's order mix)", "io.streamflow.peers.exchangecore.ExchangeCorePeer",
        // Its Chronicle 2.19 reads a field of java.nio.Buffer.
        List.of("--add-opens=java.base/java.nio=ALL-UNNAMED"),
        "order commands/s as fast as they go: StreamFlow orders over IPC (journaled) vs exchange-core in process");

    private final List<ScenarioResult> results = new ArrayList<>();
    private final List<Scenario> scenarios;
    private final ArrayNode status;
    private final ArrayNode throughput;
    private final ObjectMapper mapper;

    private Peers(final ObjectMapper mapper, final List<Scenario> scenarios)
    {
        this.mapper = mapper;
        this.scenarios = scenarios;
        this.status = mapper.createArrayNode();
        this.throughput = mapper.createArrayNode();
    }

    /**
     * Run the peers that were asked for, under the same load as the StreamFlow scenarios; every peer gets a status,
     * run or not.
     *
     * @param mapper    for the JSON.
     * @param scenarios StreamFlow's, among which each peer's counterpart.
     * @param rate      offered per second.
     * @param durationS measured.
     * @param warmupS   before.
     * @param only      the scenarios asked for, null for all.
     * @return the peers' results and status.
     */
    static Peers run(
        final ObjectMapper mapper,
        final List<Scenario> scenarios,
        final long rate,
        final long durationS,
        final long warmupS,
        final List<String> only)
    {
        final Peers peers = new Peers(mapper, scenarios);
        for (final LatencyPeer peer : List.of(KAFKA_PEER, EXCHANGE_CORE_PEER))
        {
            if (null == only || only.contains(peer.scenario().name()))
            {
                peers.runLatencyPeer(peer, rate, durationS, warmupS);
            }
            else
            {
                peers.notRun(peer.title(), "not run: not among --scenarios");
            }
        }
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

    /**
     * A peer driven at the bench's rate for its latency, then as fast as it goes, in its own JVM; then the StreamFlow
     * scenario it is compared with, as fast as it goes, for the same number of messages.
     */
    private void runLatencyPeer(final LatencyPeer peer, final long rate, final long durationS, final long warmupS)
    {
        final Scenario scenario = peer.scenario();
        final File target = new File("perf/" + scenario.name() + "/target");
        final File jar = new File(target, scenario.name() + "-0.1.0-SNAPSHOT.jar");
        if (!jar.isFile())
        {
            fail(scenario, rate, peer.title(), "not run: the peer is not built (mvn -B -pl perf/" + scenario.name() +
                " -am package -DskipTests, which bin/perf does)");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %,d/s for %d s (+%d s warm-up), then as fast as it goes, in its own JVM" +
            " ...%n", scenario.title(), rate, durationS, warmupS);
        try (HiccupMeter meter = HiccupMeter.start())
        {
            final File out = File.createTempFile("streamflow-" + scenario.name(), ".json");
            final String failure = runPeerJvm(target, jar, peer.mainClass(), peer.jvmFlags(), out,
                durationS + warmupS + 180, new PeerLoad(rate, durationS, warmupS, MAX_THROUGHPUT_MESSAGES, out,
                Map.of()).toArguments());
            if (null != failure)
            {
                fail(scenario, rate, peer.title(), failure);
                return;
            }
            final JsonNode json = mapper.readTree(out);
            Files.deleteIfExists(out.toPath());
            final Histogram histogram = PeerLoad.decodeLatencies(json.get("histogram").asText());
            final long sent = json.get("sent").asLong();
            final long startNs = json.path("start_ns").asLong(0);
            final long elapsedNs = json.get("elapsed_ns").asLong();
            results.add(new ScenarioResult(scenario, rate, new LoadGenerator.Result(sent,
                sent - json.get("unanswered").asLong(), 0, 0, 0, startNs, elapsedNs, histogram, rate * warmupS, null),
                null, meter.window(startNs, startNs + elapsedNs)));
            final ObjectNode peerStatus = status.addObject().put("name", json.get("peer").asText())
                .put("status", "ran: scenario " + scenario.name())
                .put("setup", json.get("setup").asText())
                .put("startup_s", BenchReport.round2(json.get("startup_s").asDouble()))
                .put("max_throughput_per_s", Math.round(json.get("max_throughput_per_s").asDouble()));
            if (json.has("counts"))
            {
                peerStatus.set("counts", json.get("counts"));
            }
            compareMaxThroughput(peer, json);
        }
        catch (final Exception ex)
        {
            fail(scenario, rate, peer.title(), "failed: " + ex);
        }
    }

    /**
     * The StreamFlow scenario a peer is compared with, offered the same number of messages as fast as it takes them.
     */
    private void compareMaxThroughput(final LatencyPeer peer, final JsonNode json) throws Exception
    {
        final Scenario streamflow = scenarios.stream()
            .filter((s) -> s.name().equals(peer.scenario().floor())).findFirst().orElseThrow();
        System.out.printf(Locale.ROOT, "%s: %,d as fast as they go, twice (the first to warm up) ...%n",
            streamflow.title(), MAX_THROUGHPUT_MESSAGES);
        // Twice, the first to warm up on this very load, as every peer does before its own measured run.
        final LoadGenerator.Settings settings = Bench.maxThroughputSettings(MAX_THROUGHPUT_MESSAGES);
        final LoadGenerator.Result first = streamflow.runner().run(settings);
        final LoadGenerator.Result max = streamflow.runner().run(settings);
        final double peerValue = json.get("max_throughput_per_s").asDouble();
        throughput.addObject()
            .put("name", peer.maxThroughputName())
            .put("streamflow", Math.round(max.throughputPerSecond()))
            .put("streamflow_warm_up_run", Math.round(first.throughputPerSecond()))
            .put("peer", json.get("peer").asText())
            .put("peer_value", Math.round(peerValue))
            .put("ratio_streamflow_to_peer", BenchReport.round2(max.throughputPerSecond() / Math.max(1, peerValue)))
            .put("results_streamflow", max.acked() + max.duplicates() + max.rejected())
            .put("results_peer", json.get("max_throughput_answered").asLong());
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
            final String failure = runPeerJvm(target, jar, "io.streamflow.peers.flink.FlinkPeer", List.of(), out, 300,
                List.of("--out", out.getPath(), "--events", Integer.toString(NEXMARK_EVENTS)));
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
        final File target, final File jar, final String mainClass, final List<String> jvmFlags, final File out,
        final long timeoutS, final List<String> args) throws Exception
    {
        final File log = File.createTempFile("streamflow-peer", ".log");
        final List<String> command = new ArrayList<>(List.of(
            new File(System.getProperty("java.home"), "bin/java").getPath()));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter((a) -> a.startsWith("--add-") || a.startsWith("-D")).toList());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", jar.getPath() + File.pathSeparator + new File(target, "lib").getPath() +
            File.separator + "*", mainClass));
        command.addAll(args);
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
        results.add(ScenarioResult.failed(scenario, rate, why));
    }

    /**
     * A peer measured as the StreamFlow scenarios are: latency at the bench's rate, then its maximum throughput.
     *
     * @param scenario          its scenario in the results; its name is also its Maven module's under {@code perf/};
     *                          its floor, the StreamFlow scenario it is compared with, for latency and then at full
     *                          speed for maximum throughput.
     * @param title             for its status when it did not run.
     * @param mainClass         run in its JVM, writing its result as JSON.
     * @param jvmFlags          its JVM needs beyond the engine's.
     * @param maxThroughputName of the maximum throughput comparison.
     */
    private record LatencyPeer(
        Scenario scenario,
        String title,
        String mainClass,
        List<String> jvmFlags,
        String maxThroughputName)
    {
    }
}
