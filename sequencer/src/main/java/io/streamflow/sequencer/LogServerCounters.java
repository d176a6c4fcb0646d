package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.streamflow.engine.NodeCounters;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * The log server's counters, in the node's media driver counters file beside the engine's: written by the log
 * server's thread only, read by anyone (tests, {@code AeronStat}).
 */
public final class LogServerCounters implements AutoCloseable
{
    /** Follows being served now. */
    final Counter follows;
    /** Follows accepted since the start. */
    final Counter followsOpened;
    /** Follows that began in a stream's compacted version (they started before what compaction covers). */
    final Counter followsOfCompactedHistory;
    /** Follows that began in the journal's cold tier (they started before its cycles at hand). */
    final Counter followsOfColdTier;
    /** Follow requests refused (unknown stream or partition, bad start, credentials, too many), answered why. */
    final Counter followsRefused;
    /** Requests that could not even be answered: not a Follow or Unfollow, or no usable response channel. */
    final Counter requestsMalformed;
    /** Follows ended: by Unfollow, by the consumer going away or never coming, or by a damaged journal entry. */
    final Counter followsClosed;
    /** Records sent to followers. */
    final Counter recordsSent;
    /**
     * Times a follower could not take more (its publication full): it falls behind and goes on reading the journal at
     * its own pace; the sequencer never waits for it.
     */
    final Counter fellBehind;

    private final List<Counter> all = new ArrayList<>();

    /**
     * @param aeron client of the node's media driver.
     */
    public LogServerCounters(final Aeron aeron)
    {
        follows = add(aeron, "streamflow log server: follows served");
        followsOpened = add(aeron, "streamflow log server: follows opened");
        followsRefused = add(aeron, "streamflow log server: follows refused");
        followsOfCompactedHistory = add(aeron, "streamflow log server: follows that began in a compacted version");
        followsOfColdTier = add(aeron, "streamflow log server: follows that began in the cold tier");
        requestsMalformed = add(aeron, "streamflow log server: requests malformed or unanswerable");
        followsClosed = add(aeron, "streamflow log server: follows closed");
        recordsSent = add(aeron, "streamflow log server: records sent");
        fellBehind = add(aeron, "streamflow log server: times a follower fell behind (served from the journal)");
    }

    /**
     * @return follows being served now.
     */
    public long follows()
    {
        return follows.get();
    }

    /**
     * @return follows accepted since the start.
     */
    public long followsOpened()
    {
        return followsOpened.get();
    }

    /**
     * @return follows that began in a stream's compacted version.
     */
    public long followsOfCompactedHistory()
    {
        return followsOfCompactedHistory.get();
    }

    /**
     * @return follows that began in the journal's cold tier.
     */
    public long followsOfColdTier()
    {
        return followsOfColdTier.get();
    }

    /**
     * @return follow requests refused with a reason.
     */
    public long followsRefused()
    {
        return followsRefused.get();
    }

    /**
     * @return requests that could not be answered.
     */
    public long requestsMalformed()
    {
        return requestsMalformed.get();
    }

    /**
     * @return follows ended.
     */
    public long followsClosed()
    {
        return followsClosed.get();
    }

    /**
     * @return records sent to followers.
     */
    public long recordsSent()
    {
        return recordsSent.get();
    }

    /**
     * @return times a follower fell behind.
     */
    public long fellBehind()
    {
        return fellBehind.get();
    }

    /**
     * Free the counters.
     */
    public void close()
    {
        CloseHelper.closeAll(all);
    }

    private Counter add(final Aeron aeron, final String label)
    {
        final Counter counter = aeron.addCounter(NodeCounters.NODE_COUNTER_TYPE_ID, label);
        all.add(counter);
        return counter;
    }
}
