package io.streamflow.operators;

import io.streamflow.protocol.IngressTemplate;
import io.streamflow.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Routes each command by its kind ({@link IngressTemplate.Kind}): order commands to the order operator (the
 * matcher), every other command (records) to the record operator.
 * <p>
 * Snapshot layout: the record operator's state then the matcher's, each after its length (int, little endian).
 * <p>
 * Not thread safe: runs on the operator thread.
 */
public final class CommandRouter implements Operator
{
    private final Operator records;
    private final Operator orders;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    /**
     * @param records applied to every command that is not an order command.
     * @param orders  applied to the order commands (see {@link IngressTemplate#isOrder(int)}).
     */
    public CommandRouter(final Operator records, final Operator orders)
    {
        this.records = records;
        this.orders = orders;
    }

    /**
     * {@inheritDoc}
     */
    public void onCommand(
        final long engineSequence,
        final long timestampNs,
        final int partition,
        final long partitionOffset,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final EgressSink egress)
    {
        header.wrap(buffer, offset);
        final Operator operator = IngressTemplate.isOrder(header.templateId()) ? orders : records;
        operator.onCommand(engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress);
    }

    /**
     * {@inheritDoc}
     */
    public void onBatchEnd(final EgressSink egress)
    {
        records.onBatchEnd(egress);
        orders.onBatchEnd(egress);
    }

    /**
     * {@inheritDoc}
     */
    public int[] outputStreamIds()
    {
        return IntStream.concat(Arrays.stream(records.outputStreamIds()), Arrays.stream(orders.outputStreamIds()))
            .distinct().toArray();
    }

    /**
     * {@inheritDoc}
     */
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        final int recordsLength = records.snapshot(buffer, offset + Integer.BYTES);
        buffer.putInt(offset, recordsLength);
        final int ordersOffset = offset + Integer.BYTES + recordsLength;
        final int ordersLength = orders.snapshot(buffer, ordersOffset + Integer.BYTES);
        buffer.putInt(ordersOffset, ordersLength);
        return ordersOffset + Integer.BYTES + ordersLength - offset;
    }

    /**
     * {@inheritDoc}
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        final int recordsLength = lengthAt(buffer, offset, offset + length);
        records.restore(buffer, offset + Integer.BYTES, recordsLength);
        final int ordersOffset = offset + Integer.BYTES + recordsLength;
        final int ordersLength = lengthAt(buffer, ordersOffset, offset + length);
        if (ordersOffset + Integer.BYTES + ordersLength != offset + length)
        {
            throw new IllegalArgumentException("snapshot has " + length + " bytes; its parts say " +
                (ordersOffset + Integer.BYTES + ordersLength - offset));
        }
        orders.restore(buffer, ordersOffset + Integer.BYTES, ordersLength);
    }

    /**
     * {@inheritDoc}
     */
    public String restoreChanges()
    {
        final String records = this.records.restoreChanges();
        final String orders = this.orders.restoreChanges();
        return null == records ? orders : null == orders ? records : records + "; " + orders;
    }

    private static int lengthAt(final DirectBuffer buffer, final int offset, final int limit)
    {
        final int length = offset + Integer.BYTES <= limit ? buffer.getInt(offset) : -1;
        if (length < 0 || offset + Integer.BYTES + length > limit)
        {
            throw new IllegalArgumentException("snapshot part at " + offset + " overruns the snapshot");
        }
        return length;
    }
}
