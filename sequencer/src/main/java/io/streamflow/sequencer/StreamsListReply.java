package io.streamflow.sequencer;

import io.aeron.ExclusivePublication;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.StreamsListEncoder;

/**
 * One answer to a {@code ListStreams}: the partition table as it stands when asked.
 */
final class StreamsListReply extends ListReply
{
    /**
     * @param correlationId the asker's.
     * @param table         of the partitions; null with a refusal.
     * @param refusal       why the list is refused, or null.
     * @param publication   to the asker.
     * @param deadlineNs    by which the asker must have taken it.
     */
    StreamsListReply(
        final long correlationId,
        final PartitionTable table,
        final String refusal,
        final ExclusivePublication publication,
        final long deadlineNs)
    {
        super(publication, deadlineNs);
        final StreamsListEncoder encoder = new StreamsListEncoder()
            .wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
            .correlationId(correlationId);
        final int maxPartitions = Math.max(0, (maxMessageLength() - 1024) /
            StreamsListEncoder.PartitionsEncoder.sbeBlockLength());
        String reason = refusal;
        if (null == reason && table.catalog().partitionSlots() > maxPartitions)
        {
            reason = "the node has " + table.catalog().partitionSlots() + " partitions, more than a message holds (" +
                maxPartitions + "): list them with 'streamflow streams --dir'";
        }
        if (null == reason)
        {
            final StreamCatalog catalog = table.catalog();
            encoder.engineSequence(table.engineSequence());
            final StreamsListEncoder.PartitionsEncoder partitions = encoder.partitionsCount(catalog.partitionSlots());
            for (int slot = 0; slot < catalog.partitionSlots(); slot++)
            {
                partitions.next()
                    .streamId(catalog.streamIdOfSlot(slot))
                    .partition(catalog.partitionOfSlot(slot))
                    .firstOffset(table.firstOffset(slot))
                    .endOffset(table.endOffset(slot))
                    .lastAppendNs(table.lastAppendNs(slot));
            }
            encoder.streams(catalog.toSpec()).refusal("");
        }
        else
        {
            encoder.engineSequence(-1).partitionsCount(0);
            encoder.streams("").refusal(reason);
        }
        length(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }
}
