package io.streamflow.peers.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.PeerLoad;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka peer's main, started by the bench in a JVM of its own: a single combined KRaft node (broker and
 * controller) in this JVM on loopback, one topic of one partition, and two loads from the bench's load generator:
 * the same fixed rate as the StreamFlow scenarios (producer linger 0, for latency), then as fast as it goes (linger
 * 5 ms, Kafka's default, for throughput). Writes the result as JSON: the latency histogram (compressed, base64),
 * throughputs, and what was run.
 * <pre>
 *   KafkaPeer --rate R --duration S --warmup S --max-messages N --out FILE      (see PeerLoad)
 * </pre>
 */
public final class KafkaPeer
{
    private static final String TOPIC = "streamflow-bench";
    private static final int PAYLOAD_BYTES = 64;

    private KafkaPeer()
    {
    }

    /**
     * @param args as above.
     * @throws Exception when the broker or the loads fail.
     */
    public static void main(final String[] args) throws Exception
    {
        final PeerLoad load = PeerLoad.parse(args);
        final long rate = load.ratePerSecond();
        final long maxMessages = load.maxMessages();

        final Path dir = Files.createTempDirectory("streamflow-kafka-peer");
        final long startNs = System.nanoTime();
        final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(dir)
            .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .build();
        try
        {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            final long readyNs = System.nanoTime();
            final String bootstrap = cluster.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))
            {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short)1))).all().get(30, TimeUnit.SECONDS);
            }

            final LoadGenerator.Result fixed;
            try (KafkaRoundTrip target = new KafkaRoundTrip(bootstrap, TOPIC, 0))
            {
                fixed = LoadGenerator.run(target, new LoadGenerator.Settings(rate * load.durationS(), rate,
                    rate * load.warmupS(),
                    PAYLOAD_BYTES, 1, 1024, 4096, TimeUnit.SECONDS.toNanos(30)));
            }
            // As fast as it goes twice, the first to warm up on this very load, as StreamFlow's side does too.
            LoadGenerator.Result max = null;
            for (int run = 0; run < 2; run++)
            {
                try (KafkaRoundTrip target = new KafkaRoundTrip(bootstrap, TOPIC, 5))
                {
                    max = LoadGenerator.run(target, new LoadGenerator.Settings(maxMessages, 0, maxMessages / 5,
                        PAYLOAD_BYTES, 1, 1024, 65_536, TimeUnit.SECONDS.toNanos(30)));
                }
            }

            final Histogram latency = fixed.latencyNs();
            final ObjectNode result = new ObjectMapper().createObjectNode()
                .put("peer", "Apache Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion())
                .put("setup", "single combined KRaft node in the peer's JVM, loopback, 1 partition, acks=all, " +
                    PAYLOAD_BYTES + " B values; latency run with linger.ms=0, throughput run with linger.ms=5")
                .put("startup_s", (readyNs - startNs) / 1e9)
                .put("sent", fixed.sent())
                .put("unanswered", fixed.unanswered())
                .put("throughput_per_s", fixed.throughputPerSecond())
                .put("start_ns", fixed.startNs())
                .put("elapsed_ns", fixed.elapsedNs())
                .put("max_throughput_per_s", max.throughputPerSecond())
                .put("max_throughput_answered", max.sent() - max.unanswered())
                .put("max_throughput_unanswered", max.unanswered())
                .put("histogram", PeerLoad.encodeLatencies(latency));
            new ObjectMapper().writeValue(load.out(), result);
        }
        finally
        {
            cluster.close();
            org.agrona.IoUtil.delete(dir.toFile(), true);
        }
        System.exit(0);
    }
}
