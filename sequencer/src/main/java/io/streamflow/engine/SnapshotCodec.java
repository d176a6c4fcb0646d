package io.streamflow.engine;

import io.streamflow.sbe.snapshot.MessageHeaderDecoder;
import io.streamflow.sbe.snapshot.MessageHeaderEncoder;
import io.streamflow.sbe.snapshot.NodeSnapshotDecoder;
import io.streamflow.sbe.snapshot.NodeSnapshotEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

/**
 * One engine snapshot as bytes: a {@code NodeSnapshot} message (engine sequence, timestamp, the operator's state
 * hash, CRC32C of the state, and the state: the whole engine's, see {@link EngineStateCodec}). The same bytes are a
 * snapshot file of the standalone node ({@link SnapshotStore}) and a clustered node's snapshot in the cluster.
 * <p>
 * Not thread safe.
 */
public final class SnapshotCodec
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NodeSnapshotEncoder encoder = new NodeSnapshotEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NodeSnapshotDecoder decoder = new NodeSnapshotDecoder();
    private final CRC32C crc = new CRC32C();

    /**
     * A snapshot decoded.
     *
     * @param engineSequence last command applied to the state, -1 for none.
     * @param timestampNs    sequencing time of that command.
     * @param stateHash      recorded with it.
     * @param state          the whole engine's state (a copy of its own).
     */
    public record Decoded(long engineSequence, long timestampNs, long stateHash, DirectBuffer state)
    {
    }

    /**
     * Encode a snapshot at the start of a buffer.
     *
     * @param out            to encode into, from offset 0; grows as needed.
     * @param engineSequence last command applied to the state, -1 for none.
     * @param timestampNs    sequencing time of that command.
     * @param stateHash      of the state.
     * @param state          the engine's state bytes.
     * @param length         of the state.
     * @return length of the snapshot.
     */
    public int encode(
        final ExpandableArrayBuffer out,
        final long engineSequence,
        final long timestampNs,
        final long stateHash,
        final DirectBuffer state,
        final int length)
    {
        encoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .stateHash(stateHash)
            .putState(state, 0, length);
        final int snapshotLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        // The state is now the last bytes: checksum them where they lie.
        crc.reset();
        crc.update(out.byteArray(), snapshotLength - length, length);
        encoder.checksum(crc.getValue());
        return snapshotLength;
    }

    /**
     * Decode and check a snapshot.
     *
     * @param buffer holding it.
     * @param offset of the snapshot.
     * @param length of the snapshot: it must fill it exactly.
     * @return the snapshot, its state copied out.
     * @throws IllegalArgumentException naming what is wrong: not a snapshot, truncated, checksum mismatch.
     */
    public Decoded decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("shorter than a header");
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != NodeSnapshotDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != NodeSnapshotDecoder.TEMPLATE_ID)
        {
            throw new IllegalArgumentException("not a node snapshot");
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength() +
            NodeSnapshotDecoder.stateHeaderLength())
        {
            throw new IllegalArgumentException("truncated: " + length + " bytes");
        }
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long engineSequence = decoder.engineSequence();
        final long timestampNs = decoder.timestampNs();
        final long stateHash = decoder.stateHash();
        final long checksum = decoder.checksum();
        final int stateLength = decoder.stateLength();
        if (stateLength < 0 ||
            decoder.limit() + NodeSnapshotDecoder.stateHeaderLength() + stateLength != offset + length)
        {
            throw new IllegalArgumentException("truncated: state of " + stateLength + " bytes in " + length);
        }
        final byte[] state = new byte[stateLength];
        decoder.getState(state, 0, stateLength);
        crc.reset();
        crc.update(state);
        if (crc.getValue() != checksum)
        {
            throw new IllegalArgumentException("checksum mismatch");
        }
        return new Decoded(engineSequence, timestampNs, stateHash, new UnsafeBuffer(state));
    }
}
