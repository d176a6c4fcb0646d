package io.streamflow.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.client.ClusterException;
import io.streamflow.engine.Engine;
import io.streamflow.sbe.snapshot.BooleanType;
import io.streamflow.sbe.snapshot.ClusterServiceStateDecoder;
import io.streamflow.sbe.snapshot.ClusterServiceStateEncoder;
import io.streamflow.sbe.snapshot.ClusterSessionBindingDecoder;
import io.streamflow.sbe.snapshot.ClusterSessionBindingEncoder;
import io.streamflow.sbe.snapshot.ClusterSnapshotChunkDecoder;
import io.streamflow.sbe.snapshot.ClusterSnapshotChunkEncoder;
import io.streamflow.sbe.snapshot.MessageHeaderDecoder;
import io.streamflow.sbe.snapshot.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The clustered node's part of a cluster snapshot: the sessions' bindings and the whole engine's state (see the
 * snapshot schema's ClusterServiceState), written to the snapshot publication as chunks of one frame each and read
 * back whole from the snapshot image at start.
 * <p>
 * Not thread safe: the service thread's.
 */
final class ServiceSnapshot
{
    private static final int CHUNK_OVERHEAD = MessageHeaderEncoder.ENCODED_LENGTH +
        ClusterSnapshotChunkEncoder.BLOCK_LENGTH + ClusterSnapshotChunkEncoder.bytesHeaderLength();

    private final ExpandableArrayBuffer state = new ExpandableArrayBuffer(64 * 1024);
    private final ExpandableArrayBuffer engineState = new ExpandableArrayBuffer(64 * 1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClusterServiceStateEncoder stateEncoder = new ClusterServiceStateEncoder();
    private final ClusterServiceStateDecoder stateDecoder = new ClusterServiceStateDecoder();
    private final ClusterSessionBindingEncoder bindingEncoder = new ClusterSessionBindingEncoder();
    private final ClusterSessionBindingDecoder bindingDecoder = new ClusterSessionBindingDecoder();
    private final ClusterSnapshotChunkEncoder chunkEncoder = new ClusterSnapshotChunkEncoder();
    private final ClusterSnapshotChunkDecoder chunkDecoder = new ClusterSnapshotChunkDecoder();
    private int bindingOffset;
    private long loadedLength;
    private long expectedLength = -1;
    private String loadFault;

    /**
     * Encode the state and offer it to the snapshot publication. Every command admitted must have been applied.
     *
     * @param engine      whose state it is.
     * @param sessions    bound.
     * @param publication of the snapshot.
     * @param idle        while the publication back-pressures.
     * @return bytes of state written.
     */
    int take(
        final Engine engine, final ClusterSessions sessions, final ExclusivePublication publication,
        final IdleStrategy idle)
    {
        final int engineLength = engine.encodeState(engineState);
        stateEncoder.wrapAndApplyHeader(state, 0, headerEncoder)
            .sessionCount(sessions.size())
            .engineSnapshotLength(engineLength);
        bindingOffset = MessageHeaderEncoder.ENCODED_LENGTH + stateEncoder.encodedLength();
        sessions.forEach((clusterSessionId, clientId, isAnswered) ->
        {
            bindingEncoder.wrapAndApplyHeader(state, bindingOffset, headerEncoder)
                .clusterSessionId(clusterSessionId)
                .clientId(clientId)
                .isAnswered(isAnswered ? BooleanType.TRUE : BooleanType.FALSE);
            bindingOffset += MessageHeaderEncoder.ENCODED_LENGTH + bindingEncoder.encodedLength();
        });
        state.putBytes(bindingOffset, engineState, 0, engineLength);
        final int totalLength = bindingOffset + engineLength;

        final int chunkLength = publication.maxPayloadLength() - CHUNK_OVERHEAD;
        final ExpandableArrayBuffer chunk = new ExpandableArrayBuffer(publication.maxPayloadLength());
        for (int position = 0; position < totalLength; position += chunkLength)
        {
            final int length = Math.min(chunkLength, totalLength - position);
            chunkEncoder.wrapAndApplyHeader(chunk, 0, headerEncoder)
                .totalLength(totalLength)
                .chunkOffset(position)
                .putBytes(state, position, length);
            offer(publication, chunk, MessageHeaderEncoder.ENCODED_LENGTH + chunkEncoder.encodedLength(), idle);
        }
        return totalLength;
    }

    /**
     * Read the state from the snapshot image and restore the engine and the sessions from it.
     *
     * @param image    of the snapshot.
     * @param engine   to restore, before its first message.
     * @param sessions to restore.
     * @param idle     while the image has nothing new.
     * @throws ClusterException when the snapshot is not whole or not of this format.
     */
    void load(final Image image, final Engine engine, final ClusterSessions sessions, final IdleStrategy idle)
    {
        loadedLength = 0;
        expectedLength = -1;
        loadFault = null;
        while (!image.isEndOfStream() && null == loadFault)
        {
            if (image.isClosed())
            {
                throw new ClusterException("the snapshot image closed before its end");
            }
            idle.idle(image.poll(this::onChunk, 16));
        }
        if (null != loadFault)
        {
            throw new ClusterException("the cluster snapshot is not a StreamFlow service state: " + loadFault);
        }
        if (loadedLength != expectedLength)
        {
            throw new ClusterException("the cluster snapshot ends after " + loadedLength + " of " + expectedLength +
                " bytes of service state");
        }

        final int length = (int)loadedLength;
        headerDecoder.wrap(state, 0);
        if (headerDecoder.templateId() != ClusterServiceStateDecoder.TEMPLATE_ID ||
            headerDecoder.schemaId() != ClusterServiceStateDecoder.SCHEMA_ID)
        {
            throw new ClusterException("the cluster snapshot's service state does not start with its header");
        }
        stateDecoder.wrap(state, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final int sessionCount = stateDecoder.sessionCount();
        final int engineLength = stateDecoder.engineSnapshotLength();
        int offset = MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength();
        for (int i = 0; i < sessionCount; i++)
        {
            headerDecoder.wrap(state, offset);
            bindingDecoder.wrap(state, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
            sessions.restore(bindingDecoder.clusterSessionId(), bindingDecoder.clientId(),
                BooleanType.TRUE == bindingDecoder.isAnswered());
            offset += MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength();
        }
        if (offset + engineLength != length)
        {
            throw new ClusterException("the cluster snapshot's service state is " + length + " bytes, not the " +
                (offset + engineLength) + " its bindings and engine state make");
        }
        engine.restoreState(state, offset, engineLength);
    }

    private void onChunk(
        final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
    {
        if (null != loadFault)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (length < CHUNK_OVERHEAD || headerDecoder.templateId() != ClusterSnapshotChunkDecoder.TEMPLATE_ID ||
            headerDecoder.schemaId() != ClusterSnapshotChunkDecoder.SCHEMA_ID)
        {
            loadFault = "a message of schema " + headerDecoder.schemaId() + ", template " +
                headerDecoder.templateId() + " where a chunk was expected";
            return;
        }
        chunkDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long totalLength = chunkDecoder.totalLength();
        if (-1 == expectedLength)
        {
            expectedLength = totalLength;
        }
        if (totalLength != expectedLength || chunkDecoder.chunkOffset() != loadedLength ||
            totalLength > Integer.MAX_VALUE)
        {
            loadFault = "a chunk at " + chunkDecoder.chunkOffset() + " of " + totalLength + " bytes where the one at " +
                loadedLength + " of " + expectedLength + " was expected";
            return;
        }
        final int bytes = chunkDecoder.bytesLength();
        state.checkLimit((int)loadedLength + bytes);
        chunkDecoder.getBytes(state, (int)loadedLength, bytes);
        loadedLength += bytes;
    }

    private static void offer(
        final ExclusivePublication publication, final DirectBuffer buffer, final int length, final IdleStrategy idle)
    {
        idle.reset();
        long result;
        while ((result = publication.offer(buffer, 0, length)) < 0)
        {
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
            {
                throw new ClusterException(
                    "the snapshot publication refused a chunk: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }
}
