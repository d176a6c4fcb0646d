package io.streamflow.engine;

import io.streamflow.operators.Operator;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.snapshot.DedupClientDecoder;
import io.streamflow.sbe.snapshot.DedupClientEncoder;
import io.streamflow.sbe.snapshot.EngineStateDecoder;
import io.streamflow.sbe.snapshot.EngineStateEncoder;
import io.streamflow.sbe.snapshot.MessageHeaderDecoder;
import io.streamflow.sbe.snapshot.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The whole engine's state in one buffer, the state of every snapshot: the next offset of every stream partition, the
 * dedup table (so that a resend of a command from before the snapshot is still recognised without reading the journal
 * before it), then the operator's state.
 * The next engine sequence and the last timestamp are the snapshot's own engine sequence + 1 and timestamp.
 * <pre>
 *   EngineState header (dedup window, client count, operator state length), then its groups: (stream id, partition,
 *                      next offset) of every partition of the catalog, in slot order; (stream id, partitions, name)
 *                      of every stream created at run time (version 5), in the order created
 *   DedupClient x client count: client id, highest client sequence applied, (client sequence, engine sequence)
 *                               of each command the window remembers, oldest first; clients by id
 *   operator state (its own layout)
 * </pre>
 * Canonical: equal states give equal bytes, whatever order the clients came in.
 * <p>
 * Not thread safe: one per thread (the operator stage writes, recovery reads).
 */
final class EngineStateCodec
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final EngineStateEncoder stateEncoder = new EngineStateEncoder();
    private final EngineStateDecoder stateDecoder = new EngineStateDecoder();
    private final DedupClientEncoder clientEncoder = new DedupClientEncoder();
    private final DedupClientDecoder clientDecoder = new DedupClientDecoder();
    private long[] clientSequences = new long[0];
    private long[] engineSequences = new long[0];

    /**
     * Write the engine's state.
     *
     * @param buffer   to write into; grows to fit.
     * @param offset   to write at.
     * @param dedup    the dedup table as of the last command the operator applied.
     * @param offsets  the partitions' next offsets as of that command.
     * @param operator whose state follows.
     * @return bytes written.
     */
    int encode(
        final ExpandableArrayBuffer buffer,
        final int offset,
        final DedupTable dedup,
        final PartitionOffsets offsets,
        final Operator operator)
    {
        ensureCapacity(dedup.window());
        final long[] clients = dedup.clientsWithHistory();
        int position = offset;
        final int stateOffset = position;
        stateEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .dedupWindow(dedup.window())
            .clientCount(clients.length);
        final StreamCatalog catalog = offsets.catalog();
        final int slots = catalog.partitionSlots();
        buffer.checkLimit(position + MessageHeaderEncoder.ENCODED_LENGTH + EngineStateEncoder.BLOCK_LENGTH +
            EngineStateEncoder.PartitionsEncoder.HEADER_SIZE +
            slots * EngineStateEncoder.PartitionsEncoder.sbeBlockLength());
        final EngineStateEncoder.PartitionsEncoder partitions = stateEncoder.partitionsCount(slots);
        for (int slot = 0; slot < slots; slot++)
        {
            partitions.next()
                .streamId(catalog.streamIdOfSlot(slot))
                .partition(catalog.partitionOfSlot(slot))
                .nextOffset(offsets.nextOffset(slot));
        }
        final List<PartitionOffsets.CreatedStream> created = offsets.created();
        int namesLength = 0;
        for (final PartitionOffsets.CreatedStream stream : created)
        {
            namesLength += EngineStateEncoder.CreatedStreamsEncoder.nameHeaderLength() + stream.name().length();
        }
        buffer.checkLimit(stateEncoder.limit() + EngineStateEncoder.CreatedStreamsEncoder.HEADER_SIZE +
            created.size() * EngineStateEncoder.CreatedStreamsEncoder.sbeBlockLength() + namesLength);
        final EngineStateEncoder.CreatedStreamsEncoder createdStreams = stateEncoder.createdStreamsCount(
            created.size());
        for (final PartitionOffsets.CreatedStream stream : created)
        {
            final byte[] name = stream.name().getBytes(StandardCharsets.US_ASCII);
            createdStreams.next()
                .streamId(stream.id())
                .partitionCount(stream.partitions())
                .putName(name, 0, name.length);
        }
        position += MessageHeaderEncoder.ENCODED_LENGTH + stateEncoder.encodedLength();

        for (final long clientId : clients)
        {
            final int count = dedup.appliedOf(clientId, clientSequences, engineSequences);
            buffer.checkLimit(position + MessageHeaderEncoder.ENCODED_LENGTH + DedupClientEncoder.BLOCK_LENGTH +
                DedupClientEncoder.AppliedEncoder.HEADER_SIZE +
                count * DedupClientEncoder.AppliedEncoder.sbeBlockLength());
            clientEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .clientId(clientId)
                .lastClientSequence(dedup.lastClientSequence(clientId));
            final DedupClientEncoder.AppliedEncoder applied = clientEncoder.appliedCount(count);
            for (int i = 0; i < count; i++)
            {
                applied.next().clientSequence(clientSequences[i]).engineSequence(engineSequences[i]);
            }
            position += MessageHeaderEncoder.ENCODED_LENGTH + clientEncoder.encodedLength();
        }

        final int operatorLength = operator.snapshot(buffer, position);
        stateEncoder.wrap(buffer, stateOffset + MessageHeaderEncoder.ENCODED_LENGTH)
            .operatorStateLength(operatorLength);
        return position + operatorLength - offset;
    }

    /**
     * Check that a buffer holds a whole engine state, without applying any of it: a snapshot of another format (an
     * operator-only snapshot of an earlier version) or a damaged one is refused before anything is restored.
     *
     * @param buffer holding the state.
     * @param offset of the state.
     * @param length of the state.
     * @return null when it is a whole engine state, else what is wrong.
     */
    String fault(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            final int end = offset + length;
            int position = wrapState(buffer, offset, end);
            if (position < 0)
            {
                return "not an engine state (a snapshot of an earlier version holds the operator's state only)";
            }
            for (int i = 0, count = stateDecoder.clientCount(); i < count; i++)
            {
                position = wrapClient(buffer, position, end);
                if (position < 0)
                {
                    return "dedup client " + i + " of " + count + " overruns the state";
                }
            }
            final int operatorLength = stateDecoder.operatorStateLength();
            if (operatorLength < 0 || position + operatorLength != end)
            {
                return "operator state of " + operatorLength + " bytes does not end the state of " + length;
            }
            return null;
        }
        catch (final IndexOutOfBoundsException ex)
        {
            return "truncated engine state: " + ex.getMessage();
        }
    }

    /**
     * Restore a state that {@link #fault} found whole, into new dedup tables and a new operator.
     *
     * @param buffer   holding the state.
     * @param offset   of the state.
     * @param length   of the state.
     * @param dedups   to fill, each the same way.
     * @param offsets  to fill, each the same way: partitions the catalog no longer has are passed over.
     * @param operator to restore.
     */
    void decode(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final DedupTable[] dedups,
        final PartitionOffsets[] offsets,
        final Operator operator)
    {
        final int end = offset + length;
        int position = wrapState(buffer, offset, end);
        // The streams created at run time first, so that their partitions' offsets have slots to go to.
        stateDecoder.sbeRewind();
        final EngineStateDecoder.PartitionsDecoder skipped = stateDecoder.partitions();
        while (skipped.hasNext())
        {
            skipped.next();
        }
        for (final EngineStateDecoder.CreatedStreamsDecoder stream : stateDecoder.createdStreams())
        {
            final int streamId = stream.streamId();
            final int partitionCount = stream.partitionCount();
            final String name = stream.name();
            for (final PartitionOffsets copy : offsets)
            {
                copy.create(name, streamId, partitionCount);
            }
        }
        stateDecoder.sbeRewind();
        for (final EngineStateDecoder.PartitionsDecoder partition : stateDecoder.partitions())
        {
            for (final PartitionOffsets copy : offsets)
            {
                copy.restore(partition.streamId(), partition.partition(), partition.nextOffset());
            }
        }
        for (int i = 0, count = stateDecoder.clientCount(); i < count; i++)
        {
            final int next = wrapClient(buffer, position, end);
            final long clientId = clientDecoder.clientId();
            final long lastClientSequence = clientDecoder.lastClientSequence();
            for (final DedupClientDecoder.AppliedDecoder applied : clientDecoder.applied())
            {
                for (final DedupTable dedup : dedups)
                {
                    dedup.onApplied(clientId, applied.clientSequence(), applied.engineSequence());
                }
            }
            for (final DedupTable dedup : dedups)
            {
                dedup.restoreLastClientSequence(clientId, lastClientSequence);
            }
            position = next;
        }
        operator.restore(buffer, position, stateDecoder.operatorStateLength());
    }

    private int wrapState(final DirectBuffer buffer, final int offset, final int end)
    {
        if (end - offset < MessageHeaderDecoder.ENCODED_LENGTH + EngineStateDecoder.BLOCK_LENGTH)
        {
            return -1;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != EngineStateDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != EngineStateDecoder.TEMPLATE_ID ||
            headerDecoder.blockLength() != EngineStateDecoder.BLOCK_LENGTH)
        {
            return -1;
        }
        stateDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final EngineStateDecoder.PartitionsDecoder partitions = stateDecoder.partitions();
        final long partitionsEnd = stateDecoder.limit() + (long)partitions.count() * partitions.actingBlockLength();
        if (partitions.count() > 0 && (partitionsEnd > end ||
            partitions.actingBlockLength() < EngineStateDecoder.PartitionsDecoder.sbeBlockLength()))
        {
            return -1;
        }
        while (partitions.hasNext())
        {
            partitions.next();
        }
        final EngineStateDecoder.CreatedStreamsDecoder created = stateDecoder.createdStreams();
        if (created.count() > 0 &&
            created.actingBlockLength() < EngineStateDecoder.CreatedStreamsDecoder.sbeBlockLength())
        {
            return -1;
        }
        while (created.hasNext())
        {
            created.next();
            if (stateDecoder.limit() + EngineStateDecoder.CreatedStreamsDecoder.nameHeaderLength() > end)
            {
                return -1;
            }
            final int nameLength = created.nameLength();
            final String fault = (long)stateDecoder.limit() +
                EngineStateDecoder.CreatedStreamsDecoder.nameHeaderLength() + nameLength > end ? "overrun" :
                StreamCatalog.faultOf(created.name(), created.streamId(), created.partitionCount());
            if (null != fault)
            {
                return -1;
            }
        }
        return stateDecoder.limit();
    }

    /**
     * Wrap the DedupClient at a position and walk its group.
     *
     * @return position after it, or -1 when it is not one or overruns the end.
     */
    private int wrapClient(final DirectBuffer buffer, final int position, final int end)
    {
        if (end - position < MessageHeaderDecoder.ENCODED_LENGTH + DedupClientDecoder.BLOCK_LENGTH +
            DedupClientDecoder.AppliedDecoder.HEADER_SIZE)
        {
            return -1;
        }
        headerDecoder.wrap(buffer, position);
        if (headerDecoder.schemaId() != DedupClientDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != DedupClientDecoder.TEMPLATE_ID)
        {
            return -1;
        }
        clientDecoder.wrap(buffer, position + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final int groupHeader = clientDecoder.limit();
        final int blockLength = buffer.getShort(groupHeader, DedupClientDecoder.BYTE_ORDER) & 0xFFFF;
        final int count = buffer.getShort(groupHeader + Short.BYTES, DedupClientDecoder.BYTE_ORDER) & 0xFFFF;
        final long groupEnd = groupHeader + DedupClientDecoder.AppliedDecoder.HEADER_SIZE + (long)count * blockLength;
        if (groupEnd > end || blockLength < DedupClientDecoder.AppliedDecoder.sbeBlockLength())
        {
            return -1;
        }
        return (int)groupEnd;
    }

    private void ensureCapacity(final int window)
    {
        if (clientSequences.length < window)
        {
            clientSequences = new long[window];
            engineSequences = new long[window];
        }
    }
}
