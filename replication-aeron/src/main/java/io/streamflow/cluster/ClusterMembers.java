package io.streamflow.cluster;

import io.aeron.cluster.ClusterMember;
import io.streamflow.protocol.ProtocolDefaults;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The members of a cluster in Aeron Cluster's format, {@code id,ingress,consensus,log,catchup,archive|...}: each
 * member has five UDP endpoints, here the five ports from its base port, {@value #PORTS_PER_MEMBER} apart from the
 * next member's; the sixth port is its output streams' control endpoint
 * ({@link ProtocolDefaults#CLUSTER_OUTPUT_PORT_OFFSET} after the ingress port).
 */
public final class ClusterMembers
{
    /** Base port of member 0 unless configured: member n's ports start {@value #PORTS_PER_MEMBER} * n above it. */
    public static final int DEFAULT_BASE_PORT = 41_000;

    /** Ports a member's base port reserves. */
    public static final int PORTS_PER_MEMBER = 10;

    private static final int ENDPOINTS = 5;
    private static final int PORTS_USED = ProtocolDefaults.CLUSTER_LOG_SERVER_PORT_OFFSET + 1;

    private ClusterMembers()
    {
    }

    /**
     * @param hosts    of the members, by member id.
     * @param basePort of member 0; member n uses basePort + n * {@value #PORTS_PER_MEMBER} and the four after it.
     * @return the members.
     */
    public static String of(final String[] hosts, final int basePort)
    {
        final StringBuilder members = new StringBuilder();
        for (int id = 0; id < hosts.length; id++)
        {
            members.append(0 == id ? "" : "|").append(id);
            for (int endpoint = 0; endpoint < ENDPOINTS; endpoint++)
            {
                members.append(',').append(hosts[id]).append(':').append(basePort + id * PORTS_PER_MEMBER + endpoint);
            }
        }
        return members.toString();
    }

    /**
     * @param count    of members, all on loopback.
     * @param basePort of member 0.
     * @return the members.
     */
    public static String loopback(final int count, final int basePort)
    {
        final String[] hosts = new String[count];
        java.util.Arrays.fill(hosts, "localhost");
        return of(hosts, basePort);
    }

    /**
     * @param clusterMembers in Aeron Cluster's format.
     * @return the members' ingress endpoints as a client gives them, {@code id=host:port,...}.
     */
    public static String ingressEndpoints(final String clusterMembers)
    {
        final StringBuilder endpoints = new StringBuilder();
        for (final ClusterMember member : ClusterMember.parse(clusterMembers))
        {
            endpoints.append(endpoints.length() == 0 ? "" : ",").append(member.id()).append('=')
                .append(member.ingressEndpoint());
        }
        return endpoints.toString();
    }

    /**
     * @param member of the cluster.
     * @return the channel it publishes the output streams on while it leads: a UDP multi-destination-cast whose
     * control endpoint is on the ingress host, {@link ProtocolDefaults#CLUSTER_OUTPUT_PORT_OFFSET} after the ingress
     * port, where clients join.
     */
    public static String outputChannel(final ClusterMember member)
    {
        final String ingress = member.ingressEndpoint();
        return "aeron:udp?control=" + hostOf(ingress) + ":" +
            (Integer.parseInt(ingress.substring(ingress.lastIndexOf(':') + 1)) +
            ProtocolDefaults.CLUSTER_OUTPUT_PORT_OFFSET) + "|control-mode=dynamic";
    }

    /**
     * @param endpoint host:port.
     * @return its host.
     */
    static String hostOf(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        return colon > 0 ? endpoint.substring(0, colon) : endpoint;
    }

    /**
     * A base port whose ports for {@code count} members on loopback are all free now: tried at random in the
     * unprivileged range below the system's ephemeral ports.
     *
     * @param count of members.
     * @return the base port.
     * @throws IllegalStateException when none was found in 100 tries.
     */
    public static int freeLoopbackBasePort(final int count)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int base = 20_000 + ThreadLocalRandom.current().nextInt(1_000) * PORTS_PER_MEMBER * 2;
            if (areFree(base, count))
            {
                return base;
            }
        }
        throw new IllegalStateException("no free ports found on loopback for " + count + " cluster members");
    }

    private static boolean areFree(final int base, final int count)
    {
        for (int id = 0; id < count; id++)
        {
            for (int endpoint = 0; endpoint < PORTS_USED; endpoint++)
            {
                final int port = base + id * PORTS_PER_MEMBER + endpoint;
                try (DatagramSocket socket = new DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
                {
                    socket.getLocalPort();
                }
                catch (final IOException ex)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
