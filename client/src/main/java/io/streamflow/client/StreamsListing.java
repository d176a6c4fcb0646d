package io.streamflow.client;

import java.util.List;

/**
 * A node's streams and partitions as its log server listed them ({@link StreamFlowClient#listStreams}).
 *
 * @param streams        the node's streams as {@code name=id[:partitions],...}.
 * @param engineSequence the offsets are as of this engine sequence of the journal, -1 for an empty one.
 * @param partitions     every partition, stream by stream.
 */
public record StreamsListing(String streams, long engineSequence, List<Partition> partitions)
{
    /**
     * One partition.
     *
     * @param streamId     of its stream.
     * @param partition    its number.
     * @param firstOffset  the oldest offset the journal holds (the end offset when it holds none).
     * @param endOffset    the offset its next record gets.
     * @param lastAppendNs when its last record was appended, -1 for none held.
     */
    public record Partition(int streamId, int partition, long firstOffset, long endOffset, long lastAppendNs)
    {
    }
}
