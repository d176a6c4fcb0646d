package io.streamflow.pipelines;

import io.streamflow.operators.AckWriter;
import io.streamflow.operators.EgressSink;
import io.streamflow.operators.Operator;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.OutputRecordEncoder;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.RejectEncoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.stream.Flyweight;
import io.streamflow.stream.Pipeline;
import io.streamflow.stream.RecordSink;
import io.streamflow.stream.Source;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records through the pipelines a node runs: each record is acknowledged, and if a pipeline reads its stream, pushed
 * into that pipeline's source with its sequenced timestamp; what the pipelines emit goes out as {@code OutputRecord}s
 * on their output streams. A record on a pipeline's stream whose payload that pipeline cannot read (wrong length,
 * unknown event type, out-of-range field) is answered with a {@code Reject} (INVALID_FIELD) instead of an ack: it is
 * journaled, and no pipeline applied it.
 * <p>
 * Snapshot layout: "PIPE" (int), the number of pipelines (int), then for each its name (length, ASCII) and its state
 * (length, bytes); restored by name, so that pipelines can be added to and removed from a running node's set.
 * <p>
 * Not thread safe: runs on the operator thread.
 */
public final class PipelineOperator implements Operator
{
    private static final String INVALID_PAYLOAD = "payload is not a record of the stream's format";

    /** First int of the pipelines' snapshot: "PIPE". */
    private static final int SNAPSHOT_MAGIC = 0x45504950;

    private final List<Pipeline> pipelines = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private String restoreChanges;
    private final Int2ObjectHashMap<PipelineDefinition.InputRouter[]> routersByStreamId = new Int2ObjectHashMap<>();
    private final int[] outputStreamIds;
    private final AckWriter ack = new AckWriter();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RecordDecoder record = new RecordDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OutputRecordEncoder output = new OutputRecordEncoder();
    private final RejectEncoder reject = new RejectEncoder();
    private final Source<?>[] routed;

    private EgressSink egress;
    private long engineSequence;
    private long invalidRecords;

    /**
     * @param definitions   of the pipelines to run.
     * @param streamIdsByName the node's streams, to find each pipeline's input.
     * @throws IllegalArgumentException when a pipeline's input stream is not one of the node's, or two pipelines
     *                                  write the same output stream.
     */
    public PipelineOperator(final List<PipelineDefinition> definitions, final Map<String, Integer> streamIdsByName)
    {
        final List<Integer> outputs = new ArrayList<>();
        for (final PipelineDefinition definition : definitions)
        {
            final Integer streamId = streamIdsByName.get(definition.inputStream());
            if (null == streamId)
            {
                throw new IllegalArgumentException("pipeline " + definition.name() + " reads stream '" +
                    definition.inputStream() + "', which the node does not have; its streams: " + streamIdsByName);
            }
            for (final PipelineDefinition.Output out : definition.outputs())
            {
                if (outputs.contains(out.streamId()))
                {
                    throw new IllegalArgumentException("output stream " + out.streamId() + " of " +
                        definition.name() + " is written by another pipeline too");
                }
                outputs.add(out.streamId());
            }

            final Pipeline pipeline = new Pipeline();
            final PipelineDefinition.InputRouter router = definition.declare(pipeline, new PipelineDefinition
                .OutputSinks()
            {
                public <V extends Flyweight> RecordSink<V> sink(final String outputName)
                {
                    return new OutputWriter<>(streamIdOf(definition, outputName));
                }
            });
            pipelines.add(pipeline);
            names.add(definition.name());
            final PipelineDefinition.InputRouter[] existing = routersByStreamId.get(streamId.intValue());
            final PipelineDefinition.InputRouter[] routers = null == existing ?
                new PipelineDefinition.InputRouter[1] : java.util.Arrays.copyOf(existing, existing.length + 1);
            routers[routers.length - 1] = router;
            routersByStreamId.put(streamId.intValue(), routers);
        }
        this.outputStreamIds = outputs.stream().mapToInt(Integer::intValue).toArray();
        this.routed = new Source<?>[definitions.size()];
    }

    /**
     * @return records on a pipeline's stream that it could not read (each answered with a Reject).
     */
    public long invalidRecords()
    {
        return invalidRecords;
    }

    /**
     * @return the pipelines, in declaration order, for inspection (late records, capacity rejects).
     */
    public List<Pipeline> pipelines()
    {
        return pipelines;
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
        record.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long clientId = record.clientId();
        final long clientSequence = record.clientSequence();
        final PipelineDefinition.InputRouter[] routers = RecordDecoder.TEMPLATE_ID == header.templateId() ?
            routersByStreamId.get(record.streamId()) : null;
        if (null == routers)
        {
            ack.appended(egress, clientId, clientSequence, engineSequence, timestampNs, partition, partitionOffset);
            return;
        }

        record.skipKey();
        final int payloadLength = record.payloadLength();
        final int payloadOffset = record.limit() + RecordDecoder.payloadHeaderLength();
        // Every pipeline must be able to read the record before any applies it.
        for (int i = 0; i < routers.length; i++)
        {
            routed[i] = routers[i].sourceFor(buffer, payloadOffset, payloadLength);
            if (null == routed[i])
            {
                invalidRecords++;
                refuse(egress, clientId, clientSequence);
                return;
            }
        }

        ack.appended(egress, clientId, clientSequence, engineSequence, timestampNs, partition, partitionOffset);
        this.egress = egress;
        this.engineSequence = engineSequence;
        for (int i = 0; i < routers.length; i++)
        {
            routed[i].push(buffer, payloadOffset, payloadLength, timestampNs);
        }
        this.egress = null;
    }

    /**
     * End the input of every pipeline ({@link Pipeline#endOfInput()}): every window still open closes, its results
     * written as outputs of the given engine sequence. For a replay over a range of history, at its end; a node does
     * not call it.
     *
     * @param engineSequence the outputs are attributed to: the last command applied.
     * @param egress         where the results go.
     */
    public void endOfInput(final long engineSequence, final EgressSink egress)
    {
        this.egress = egress;
        this.engineSequence = engineSequence;
        for (final Pipeline pipeline : pipelines)
        {
            pipeline.endOfInput();
        }
        this.egress = null;
    }

    /**
     * {@inheritDoc}
     */
    public int[] outputStreamIds()
    {
        return outputStreamIds.clone();
    }

    /**
     * {@inheritDoc}
     */
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        int position = offset;
        buffer.putInt(position, SNAPSHOT_MAGIC);
        buffer.putInt(position + Integer.BYTES, pipelines.size());
        position += 2 * Integer.BYTES;
        for (int i = 0; i < pipelines.size(); i++)
        {
            final byte[] name = names.get(i).getBytes(StandardCharsets.US_ASCII);
            buffer.putInt(position, name.length);
            buffer.putBytes(position + Integer.BYTES, name);
            position += Integer.BYTES + name.length;
            final int length = pipelines.get(i).snapshot(buffer, position + Integer.BYTES);
            buffer.putInt(position, length);
            position += Integer.BYTES + length;
        }
        return position - offset;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Pipelines are matched by name: one the snapshot holds and this operator does not run is dropped; one this
     * operator runs and the snapshot does not hold starts empty, from the next record on. Both are reported by
     * {@link #restoreChanges()}.
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        if (length < 2 * Integer.BYTES || buffer.getInt(offset) != SNAPSHOT_MAGIC)
        {
            throw new IllegalArgumentException("not a snapshot of the pipelines (no header)");
        }
        final int count = buffer.getInt(offset + Integer.BYTES);
        final List<String> restored = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();
        int position = offset + 2 * Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            final int nameLength = lengthAt(buffer, position, end);
            final String name = buffer.getStringWithoutLengthAscii(position + Integer.BYTES, nameLength);
            position += Integer.BYTES + nameLength;
            final int stateLength = lengthAt(buffer, position, end);
            final int index = names.indexOf(name);
            if (index >= 0)
            {
                pipelines.get(index).restore(buffer, position + Integer.BYTES, stateLength);
                restored.add(name);
            }
            else
            {
                dropped.add(name);
            }
            position += Integer.BYTES + stateLength;
        }
        if (position != end)
        {
            throw new IllegalArgumentException("pipeline snapshot of " + length + " bytes holds " +
                (position - offset) + " bytes of " + count + " pipelines");
        }

        final List<String> added = new ArrayList<>(names);
        added.removeAll(restored);
        restoreChanges = added.isEmpty() && dropped.isEmpty() ? null :
            (added.isEmpty() ? "" : "pipelines " + added + " added: they start empty, from the next record") +
            (added.isEmpty() || dropped.isEmpty() ? "" : "; ") +
            (dropped.isEmpty() ? "" : "pipelines " + dropped + " dropped: their state is discarded");
    }

    /**
     * {@inheritDoc}
     */
    public String restoreChanges()
    {
        return restoreChanges;
    }

    private static int lengthAt(final DirectBuffer buffer, final int position, final int end)
    {
        final int length = position + Integer.BYTES <= end ? buffer.getInt(position) : -1;
        if (length < 0 || position + Integer.BYTES + length > end)
        {
            throw new IllegalArgumentException("pipeline snapshot part at " + position + " overruns the snapshot");
        }
        return length;
    }

    private void refuse(final EgressSink egress, final long clientId, final long clientSequence)
    {
        final int maxLength = MessageHeaderEncoder.ENCODED_LENGTH + RejectEncoder.BLOCK_LENGTH +
            RejectEncoder.detailHeaderLength() + INVALID_PAYLOAD.length();
        final int at = egress.claim(clientId, maxLength);
        reject.wrapAndApplyHeader(egress.buffer(), at, headerEncoder)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .reason(RejectReason.INVALID_FIELD)
            .rejectedTemplateId(RecordDecoder.TEMPLATE_ID)
            .detail(INVALID_PAYLOAD);
        egress.commit(MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength());
    }

    private static int streamIdOf(final PipelineDefinition definition, final String outputName)
    {
        for (final PipelineDefinition.Output out : definition.outputs())
        {
            if (out.name().equals(outputName))
            {
                return out.streamId();
            }
        }
        throw new IllegalArgumentException(definition.name() + " has no output '" + outputName + "'");
    }

    /**
     * Writes a pipeline's results to its output stream, as OutputRecords of the command being applied.
     */
    private final class OutputWriter<V extends Flyweight> implements RecordSink<V>
    {
        private final int outputStreamId;

        OutputWriter(final int outputStreamId)
        {
            this.outputStreamId = outputStreamId;
        }

        public void onRecord(final V result, final long timestampNs)
        {
            final int length = result.length();
            final int messageLength = MessageHeaderEncoder.ENCODED_LENGTH + OutputRecordEncoder.BLOCK_LENGTH +
                OutputRecordEncoder.payloadHeaderLength() + length;
            final int at = egress.claimOutput(outputStreamId, messageLength);
            output.wrapAndApplyHeader(egress.buffer(), at, headerEncoder)
                .engineSequence(engineSequence)
                .timestampNs(timestampNs)
                .outputStreamId(outputStreamId)
                .putPayload(result.buffer(), result.offset(), length);
            egress.commit(messageLength);
        }
    }
}
