package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.streamflow.engine.BackPressureTimer;
import io.streamflow.engine.NodeCounters;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.NanoClock;

/**
 * The output streams (market data, pipeline results) a node publishes: one exclusive publication each, on the output
 * channel, that any number of subscribers join. Their messages are derived state, rebuilt by replay: with no
 * subscriber they are dropped and counted; a back-pressuring subscriber holds them, as a client would, up to the
 * slow-client timeout, after which later messages drop at once until an offer goes through.
 * <p>
 * Not thread safe: the egress thread's, but for {@link #isConnected(int)}.
 */
public final class OutputStreams implements AutoCloseable
{
    private final NodeCounters counters;
    private final NanoClock nanoClock;
    private final long slowClientTimeoutNs;
    private final Int2ObjectHashMap<ExclusivePublication> publications = new Int2ObjectHashMap<>();
    private final BackPressureTimer backPressure = new BackPressureTimer();

    /**
     * @param counters            counting what is sent, held and dropped.
     * @param nanoClock           timing the back-pressure.
     * @param slowClientTimeoutNs most the subscribers may back-pressure a message.
     */
    public OutputStreams(final NodeCounters counters, final NanoClock nanoClock, final long slowClientTimeoutNs)
    {
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.slowClientTimeoutNs = slowClientTimeoutNs;
    }

    /**
     * Open a publication for each output stream, unless open already.
     *
     * @param aeron     to publish with.
     * @param channel   of the output streams; empty for none (their messages are then counted as dropped).
     * @param streamIds of the output streams.
     */
    public void open(final Aeron aeron, final String channel, final int[] streamIds)
    {
        if (!publications.isEmpty() || channel.isEmpty())
        {
            return;
        }
        for (final int streamId : streamIds)
        {
            publications.put(streamId, aeron.addExclusivePublication(channel, streamId));
        }
    }

    /**
     * @param streamId of an output stream.
     * @return true when it is published and a subscriber is connected. Any thread.
     */
    public boolean isConnected(final int streamId)
    {
        final ExclusivePublication publication = publications.get(streamId);
        return null != publication && publication.isConnected();
    }

    /**
     * Publish one message to every subscriber of an output stream.
     *
     * @param streamId of the output stream.
     * @param buffer   holding the message.
     * @param offset   of the message.
     * @param length   of the message.
     * @return true when done with it (published, or dropped and counted); false to be offered it again.
     */
    public boolean offer(final int streamId, final DirectBuffer buffer, final int offset, final int length)
    {
        final ExclusivePublication publication = publications.get(streamId);
        final long result = null == publication ? Publication.CLOSED : publication.offer(buffer, offset, length);
        if (result > 0)
        {
            counters.outputMessages.incrementRelease();
            backPressure.clear();
            return true;
        }

        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            counters.egressBackPressure.incrementRelease();
            if (backPressure.hold(nanoClock.nanoTime(), slowClientTimeoutNs))
            {
                return false;
            }
        }

        counters.outputDropped.incrementRelease();
        return true;
    }

    /**
     * Close the publications; they may be opened again.
     */
    public void close()
    {
        publications.values().forEach(CloseHelper::quietClose);
        publications.clear();
    }
}
