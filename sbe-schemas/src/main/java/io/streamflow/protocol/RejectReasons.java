package io.streamflow.protocol;

import io.streamflow.sbe.RejectReason;

/**
 * Text sent with each reject reason, so a person reading a client log knows what to fix.
 */
public final class RejectReasons
{
    private RejectReasons()
    {
    }

    /**
     * @param reason of a reject.
     * @return what a person is to know about it.
     */
    public static String describe(final RejectReason reason)
    {
        switch (reason)
        {
            case MALFORMED:
                return "message does not decode: block or data lengths inconsistent";
            case UNKNOWN_SCHEMA:
                return "message header schema id is not the StreamFlow protocol's";
            case UNSUPPORTED_VERSION:
                return "message header version is not one this node understands";
            case UNKNOWN_TEMPLATE:
                return "template id is not an ingress command";
            case TRUNCATED:
                return "message is shorter than its header, block or data lengths say";
            case TOO_LARGE:
                return "message is longer than the node's maximum message length";
            case UNKNOWN_STREAM:
                return "record is for a stream this node does not have";
            case UNKNOWN_PARTITION:
                return "record names a partition its stream does not have (partitions are 0 to count - 1)";
            case STREAM_EXISTS:
                return "the node has a stream of this name or id (list them with 'streamflow streams')";
            case INVALID_STREAM:
                return "stream name must be 1 to 249 of A-Z a-z 0-9 . _ -, partitions 1 to 4096, and all streams " +
                    "together at most 65535 partitions";
            case NOT_CONNECTED:
                return "send Connect before any command";
            case CLIENT_ID_MISMATCH:
                return "client id differs from the one this session connected with";
            case INVALID_FIELD:
                return "a field holds a value outside its range";
            case CLIENT_LIMIT:
                return "the node serves its maximum number of clients";
            case AUTHENTICATION_FAILED:
                return "Connect with the credentials of a principal the node knows (principal:secret)";
            case NOT_AUTHORIZED:
                return "the principal this session authenticated as may not act for this client id or account";
            case SEQUENCE_REGRESSION:
                return "client sequence is not above the last applied and not a known recent one: not applied";
            default:
                return "rejected";
        }
    }
}
