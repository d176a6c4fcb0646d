package io.streamflow.protocol;

/**
 * Defaults a node and its clients must agree on without talking first.
 */
public final class ProtocolDefaults
{
    /** Aeron stream id clients send commands on. */
    public static final int INGRESS_STREAM_ID = 1001;

    /** Aeron stream id the node answers each client on, over the client's own response channel. */
    public static final int EGRESS_STREAM_ID = 1002;

    /** Aeron stream id, on the ingress channels, of the node's log server: consumers send Follow there. */
    public static final int FOLLOW_STREAM_ID = 1004;

    /** Aeron stream id the log server sends a follow's records on, over the consumer's own response channel. */
    public static final int FOLLOW_RESPONSE_STREAM_ID = 1005;

    /** Host and port of a node's UDP ingress. */
    public static final String INGRESS_UDP_ENDPOINT = "localhost:40123";

    /** Host and port where subscribers join a node's output streams (UDP multi-destination-cast, dynamic). */
    public static final String OUTPUT_CONTROL_ENDPOINT = "localhost:40124";

    /** Channel a node publishes its output streams on; subscribers join through its control endpoint. */
    public static final String OUTPUT_CHANNEL =
        "aeron:udp?control=" + OUTPUT_CONTROL_ENDPOINT + "|control-mode=dynamic";

    /** Channel a subscriber joins a node's default output channel with (an ephemeral local port). */
    public static final String OUTPUT_SUBSCRIPTION_CHANNEL =
        "aeron:udp?endpoint=localhost:0|control=" + OUTPUT_CONTROL_ENDPOINT + "|control-mode=dynamic";

    /**
     * A cluster member publishes the output streams, while it leads, on a UDP multi-destination-cast whose control
     * endpoint is on its ingress host, at its ingress port plus this: a client derives every member's from the
     * ingress endpoints it is given.
     */
    public static final int CLUSTER_OUTPUT_PORT_OFFSET = 5;

    /**
     * A cluster member's log server (follows and listings of its journal) takes requests on its ingress host, at its
     * ingress port plus this, unless configured otherwise: a consumer derives it from the ingress endpoints given.
     */
    public static final int CLUSTER_LOG_SERVER_PORT_OFFSET = 6;

    /**
     * Streams a node has unless configured otherwise, as {@code name=id,...} (see {@link StreamCatalog}): the ids
     * clients put in their records, and the names pipelines read.
     */
    public static final String STREAMS = "records=1,telemetry=2,orders=3,nexmark=4";

    /** Output stream of trades and top-of-book changes. */
    public static final int MARKET_DATA_STREAM_ID = 1003;

    /** Appended to Aeron's default directory to name a node's media driver directory. */
    public static final String AERON_DIR_SUFFIX = "-streamflow";

    private ProtocolDefaults()
    {
    }
}
