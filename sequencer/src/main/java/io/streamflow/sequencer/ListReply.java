package io.streamflow.sequencer;

import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;

/**
 * An answer of the log server to a listing request, encoded once by the subclass into {@link #message}, offered on
 * its own publication until the asker has connected and taken it (or its deadline passes), then closed. The log
 * server's thread only.
 */
abstract class ListReply implements AutoCloseable
{
    /** The answer, encoded from offset 0. */
    protected final ExpandableArrayBuffer message = new ExpandableArrayBuffer(1024);
    private final ExclusivePublication publication;
    private final long deadlineNs;
    private int length;
    private boolean done;

    /**
     * @param publication to the asker.
     * @param deadlineNs  by which the asker must have taken the answer.
     */
    ListReply(final ExclusivePublication publication, final long deadlineNs)
    {
        this.publication = publication;
        this.deadlineNs = deadlineNs;
    }

    /**
     * @param length of the answer encoded in {@link #message}.
     */
    protected final void length(final int length)
    {
        this.length = length;
    }

    /**
     * @return the longest answer the publication takes in one message.
     */
    protected final int maxMessageLength()
    {
        return publication.maxMessageLength();
    }

    /**
     * @param nowNs the log server's clock.
     * @return true once the answer went, or its deadline passed: close it.
     */
    final boolean send(final long nowNs)
    {
        if (!done)
        {
            done = publication.offer(message, 0, length) > 0 || nowNs - deadlineNs > 0;
        }
        return done;
    }

    /**
     * {@inheritDoc}
     */
    public final void close()
    {
        CloseHelper.close(publication);
    }
}
