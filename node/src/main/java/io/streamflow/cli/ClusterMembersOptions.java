package io.streamflow.cli;

import io.streamflow.cluster.ClusterMembers;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * Who the members of a cluster are: in Aeron Cluster's own format, or as one host per member and a base port from
 * which each member's ports follow ({@link ClusterMembers}).
 */
final class ClusterMembersOptions
{
    @Option(names = "--members", description = "Every member and its endpoints in Aeron Cluster's format: " +
        "id,ingress,consensus,log,catchup,archive|... (host:port each), as 'cluster start' prints it.")
    String members;

    @Option(names = "--hosts", split = ",", description = "Host of each member, by member id (0, 1, 2, ...), " +
        "instead of --members: member n uses the " + ClusterMembers.PORTS_PER_MEMBER + " ports from " +
        "base port + " + ClusterMembers.PORTS_PER_MEMBER + " * n.")
    List<String> hosts;

    @Option(names = "--base-port", description = "Base port of member 0, with --hosts. Default: ${DEFAULT-VALUE}")
    int basePort = ClusterMembers.DEFAULT_BASE_PORT;

    /**
     * @return the members in Aeron Cluster's format.
     * @throws IllegalArgumentException when neither or both ways are given.
     */
    String members()
    {
        if ((null == members) == (null == hosts))
        {
            throw new IllegalArgumentException("give the cluster's members with --members, or with --hosts (and " +
                "--base-port): one of the two");
        }
        return null != members ? members : ClusterMembers.of(hosts.toArray(new String[0]), basePort);
    }
}
