package io.streamflow.operators;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * An egress sink that keeps every message, with where it was going, in one buffer.
 */
public final class CollectingEgress implements EgressSink
{
    /**
     * One message written to the sink.
     *
     * @param toOutput    true for an output stream, false for a client.
     * @param destination the client id or output stream id.
     * @param offset      of the message in {@link #buffer}.
     * @param length      of the message.
     */
    public record Message(boolean toOutput, long destination, int offset, int length)
    {
    }

    public final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    public final List<Message> messages = new ArrayList<>();
    private int position;
    private int claimed;
    private boolean claimedOutput;
    private long claimedDestination;

    public int claim(final long clientId, final int maxLength)
    {
        return claim(false, clientId);
    }

    public int claimOutput(final int outputStreamId, final int maxLength)
    {
        return claim(true, outputStreamId);
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public void commit(final int length)
    {
        messages.add(new Message(claimedOutput, claimedDestination, claimed, length));
        position = claimed + length;
    }

    /**
     * @param toOutput true for messages to output streams, false for those to clients.
     * @return the destinations of those messages, in order.
     */
    public List<Long> destinations(final boolean toOutput)
    {
        return messages.stream().filter((m) -> m.toOutput() == toOutput).map(Message::destination).toList();
    }

    private int claim(final boolean toOutput, final long destination)
    {
        claimed = position;
        claimedOutput = toOutput;
        claimedDestination = destination;
        return position;
    }
}
