package io.streamflow.gateway;

import java.nio.ByteOrder;

/**
 * The binary gateway's frame format (docs/gateways.md): over one TCP connection, each way, a sequence of frames
 * <pre>
 *   length  int32, little-endian: bytes of the message that follows; 0 for a heartbeat
 *   message an SBE message of the StreamFlow protocol (schema 7101), header first, exactly as over Aeron
 * </pre>
 * The client's first frame is its {@code Connect} (client id and credentials; the response channel it names is
 * replaced by the gateway's own). After the node's {@code ConnectAck} the client sends commands, and receives
 * every answer and report the node sends its session. A frame longer than the gateway's limit, or a first frame that
 * is not a {@code Connect}, is answered with a {@code Reject} naming why, and the connection is closed: a byte stream
 * cannot be resynchronised after a bad length.
 */
public final class BinaryFrames
{
    /** Bytes of a frame's length prefix. */
    public static final int LENGTH_FIELD = Integer.BYTES;

    /** Byte order of the length prefix, as of every SBE field of the protocol. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Length of a heartbeat: a frame with no message. */
    public static final int HEARTBEAT = 0;

    private BinaryFrames()
    {
    }
}
