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

    /** Host and port of a node's UDP ingress. */
    public static final String INGRESS_UDP_ENDPOINT = "localhost:40123";

    /** Appended to Aeron's default directory to name a node's media driver directory. */
    public static final String AERON_DIR_SUFFIX = "-streamflow";

    private ProtocolDefaults()
    {
    }
}
