package io.streamflow.client;

import io.streamflow.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The commands a clustered client has sent and the cluster has not yet answered, in the order sent, so that they can
 * be sent again to a new leader: an old leader may die with commands it had received but not yet committed.
 * <p>
 * Resending is safe because the node recognises a command by (client id, client sequence): one already committed is
 * answered as a duplicate and not applied again. Answers come in log order, so an answer for client sequence S
 * means every command up to S is answered.
 * <p>
 * Every sequenced command carries its client sequence at the same place: the second field after the message header
 * (after the client id).
 * <p>
 * Not thread safe: the client's thread.
 */
final class UnansweredCommands
{
    /** Where a sequenced command holds its client sequence. */
    static final int CLIENT_SEQUENCE_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + Long.BYTES;

    /** Ring-buffer bytes per command beyond its own length, at most. */
    private static final int OVERHEAD = ExpandableRingBuffer.HEADER_LENGTH + ExpandableRingBuffer.HEADER_ALIGNMENT;

    /** Commands a single resend offers at most before it lets the client poll. */
    private static final int RESEND_LIMIT = 256;

    /**
     * Sends one command again.
     */
    @FunctionalInterface
    interface Sender
    {
        /**
         * @param buffer holding the command.
         * @param offset of the command.
         * @param length of the command.
         * @return true when it was sent; false to try again later.
         */
        boolean send(DirectBuffer buffer, int offset, int length);
    }

    private final ExpandableRingBuffer commands;
    private final ExpandableRingBuffer.MessageConsumer trimmer = this::trim;
    private final ExpandableRingBuffer.MessageConsumer resender = this::resendOne;
    private long answeredSequence = Long.MIN_VALUE;
    private long resentSequence = Long.MAX_VALUE;
    private Sender sender;
    private int resentNow;
    private boolean stopped;
    private long resends;

    /**
     * @param maxBytes the most the unanswered commands may take; beyond it a send is back-pressured.
     */
    UnansweredCommands(final int maxBytes)
    {
        commands = new ExpandableRingBuffer(Math.min(64 * 1024, maxBytes), maxBytes, true);
    }

    /**
     * @param length of a command about to be sent.
     * @return true when it can be kept until answered; false to back-pressure the sender.
     */
    boolean hasRoomFor(final int length)
    {
        return commands.size() + length + OVERHEAD <= commands.maxCapacity();
    }

    /**
     * Keep a command just sent, until it is answered. The caller checked {@link #hasRoomFor(int)}.
     *
     * @param buffer holding the command.
     * @param offset of the command.
     * @param length of the command.
     */
    void add(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!commands.append(buffer, offset, length))
        {
            throw new IllegalStateException("no room for an unanswered command of " + length + " bytes");
        }
    }

    /**
     * The node has answered every command of this client up to a client sequence.
     *
     * @param clientSequence answered.
     */
    void onAnswered(final long clientSequence)
    {
        if (clientSequence > answeredSequence)
        {
            answeredSequence = clientSequence;
            commands.consume(trimmer, Integer.MAX_VALUE);
        }
    }

    /**
     * Begin sending every unanswered command again, oldest first: a new leader leads.
     */
    void beginResend()
    {
        resentSequence = Long.MIN_VALUE;
    }

    /**
     * @return true while a resend has commands left to send; new commands wait until it is done, to keep the order.
     */
    boolean isResending()
    {
        return Long.MAX_VALUE != resentSequence;
    }

    /**
     * Send more of a resend that {@link #beginResend()} started.
     *
     * @param sender to send with.
     * @return commands sent.
     */
    int resend(final Sender sender)
    {
        if (!isResending())
        {
            return 0;
        }
        this.sender = sender;
        resentNow = 0;
        stopped = false;
        commands.forEach(resender, Integer.MAX_VALUE);
        if (!stopped)
        {
            resentSequence = Long.MAX_VALUE;
        }
        this.sender = null;
        return resentNow;
    }

    /**
     * @return commands sent again over the client's life.
     */
    long resends()
    {
        return resends;
    }

    private boolean trim(final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        return clientSequence(buffer, offset) <= answeredSequence;
    }

    private static long clientSequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + CLIENT_SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    private boolean resendOne(
        final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        final long clientSequence = clientSequence(buffer, offset);
        if (clientSequence <= resentSequence)
        {
            return true;
        }
        if (RESEND_LIMIT == resentNow || !sender.send(buffer, offset, length))
        {
            stopped = true;
            return false;
        }
        resentSequence = clientSequence;
        resentNow++;
        resends++;
        return true;
    }
}
