package io.streamflow.gateway.fix;

/**
 * Opens a FIX session's session with the node, on the gateway's channels.
 */
@FunctionalInterface
interface NodeSessionFactory
{
    /**
     * @param clientId    the node client id to connect as.
     * @param credentials {@code principal:secret}, UTF-8; empty for a node that takes anyone.
     * @param nowNs       the gateway's clock.
     * @param listener    told of the node's answers.
     * @return the session, opening.
     */
    NodeSession open(long clientId, byte[] credentials, long nowNs, NodeSession.Listener listener);
}
