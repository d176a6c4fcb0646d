package io.streamflow.cli;

import io.streamflow.client.FollowListener;
import io.streamflow.client.FollowedRecord;
import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.FollowFrom;
import org.agrona.concurrent.IdleStrategy;

import java.io.PrintWriter;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;

/**
 * {@code consume --stream S} against a running node (no {@code --dir}): a follow of the stream served by the node's
 * log server, printed as the same JSON lines as a journal read; history, then with {@code --follow} live records.
 */
final class RemoteConsumer implements FollowListener
{
    private final PrintWriter out;
    private final PrintWriter err;
    private final RecordLines lines;
    private boolean isLive;
    private String ended;


    /**
     * @param out      for the lines.
     * @param err      for what went wrong.
     * @param renderer a record's JSON line, null when it cannot be rendered (counted).
     */
    RemoteConsumer(final PrintWriter out, final PrintWriter err, final Function<FollowedRecord, String> renderer)
    {
        this.out = out;
        this.err = err;
        this.lines = new RecordLines(out, renderer);
    }

    /**
     * @return 0 when the history (or, following, everything up to the limit or the idle timeout) was printed; 1 when
     * the node refused or ended the follow.
     */
    int consume(
        final ClientOptions clientOptions,
        final String streamName,
        final Opener opener,
        final ConsumeStart start,
        final boolean follow,
        final long limit,
        final Double idleTimeoutSeconds)
    {
        final FollowFrom from = switch (start.kind())
        {
            case EARLIEST -> FollowFrom.EARLIEST;
            case LATEST -> FollowFrom.LATEST;
            case OFFSET -> FollowFrom.OFFSET;
            case TIME -> FollowFrom.TIME;
            case SEQUENCE -> throw new IllegalArgumentException("--from seq:N reads a journal: give --dir");
        };
        final long idleTimeoutNs = OutputConsumer.idleTimeoutNs(idleTimeoutSeconds);

        try (StreamFlowClient client = clientOptions.connect();
            LogFollower follower = opener.open(client, from, start.value()))
        {
            final IdleStrategy idle = OutputConsumer.idleStrategy();
            final long connectDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long lastRecordNs = System.nanoTime();
            boolean saidFollowing = false;
            while (lines.printed() < limit && null == ended && (follow || !isLive) &&
                System.nanoTime() - lastRecordNs < idleTimeoutNs)
            {
                final long before = lines.printed();
                final int work = client.poll(null, 16) +
                    follower.poll(this, (int)Math.min(256, limit - lines.printed()));
                if (lines.printed() > before)
                {
                    lastRecordNs = System.nanoTime();
                }
                if (LogFollower.State.CONNECTING == follower.state() && 0 == follower.resumes() &&
                    System.nanoTime() - connectDeadlineNs > 0)
                {
                    err.println("streamflow consume: the node's log server did not answer at " +
                        follower.ingressChannel());
                    return 1;
                }
                if (isLive && follow && !saidFollowing)
                {
                    saidFollowing = true;
                    err.println("streamflow consume: following stream '" + streamName + "' live; Ctrl-C to stop");
                    err.flush();
                }
                if (0 == work)
                {
                    out.flush();
                }
                idle.idle(work);
            }
        }
        out.flush();
        if (lines.unreadable() > 0)
        {
            err.println(lines.unreadable() + " records could not be rendered");
        }
        if (null != ended)
        {
            err.println("streamflow consume: " + ended);
            err.flush();
            return 1;
        }
        return 0 == lines.unreadable() ? 0 : 1;
    }

    /**
     * {@inheritDoc}
     */
    public void onRecord(final FollowedRecord record)
    {
        lines.print(record);
    }

    /** Opens the follow: of a stream's records, or of an output stream's results. */
    @FunctionalInterface
    interface Opener
    {
        LogFollower open(StreamFlowClient client, FollowFrom from, long fromValue);
    }

    /**
     * {@inheritDoc}
     */
    public void onLive(final long correlationId, final long engineSequence)
    {
        isLive = true;
    }

    /**
     * {@inheritDoc}
     */
    public void onResuming(final long correlationId, final FollowFrom from, final long fromValue)
    {
        err.println("streamflow consume: the node stopped or went away; following again when it is back" +
            (FollowFrom.SEQUENCE == from ? ", from engine sequence " + fromValue : ""));
        err.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onEnded(final long correlationId, final boolean refused, final String reason)
    {
        ended = (refused ? "the node refused the follow: " : "the node ended the follow: ") + reason;
    }
}
