package io.streamflow.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The peers a user compares StreamFlow with, and where each stands in this bench. Each runs in a module and JVM of
 * its own so that its dependencies never reach the engine's class path; until a peer's runner is in, the bench says
 * so rather than leaving it out.
 */
final class Peers
{
    private Peers()
    {
    }

    static ArrayNode status(final ObjectMapper mapper)
    {
        final ArrayNode peers = mapper.createArrayNode();
        peers.addObject().put("name", "Apache Kafka 4.1 (single KRaft broker, acks=all, 1 partition)")
            .put("status", "not run: its runner is not in this version of the bench");
        peers.addObject().put("name", "exchange-core 0.5.3 (same order mix)")
            .put("status", "not run: its runner is not in this version of the bench");
        peers.addObject().put("name", "Apache Flink 1.20 MiniCluster (Nexmark q5, q7)")
            .put("status", "not run: its runner is not in this version of the bench");
        return peers;
    }
}
