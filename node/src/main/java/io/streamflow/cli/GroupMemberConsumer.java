package io.streamflow.cli;

import io.streamflow.client.FollowedRecord;
import io.streamflow.client.GroupConsumer;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.GroupStatusCode;
import org.agrona.concurrent.IdleStrategy;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@code consume --stream S --group G}: a member of a consumer group of the running node, printing the records of
 * the partitions it is assigned as JSON lines, committing as it goes, and on the way out (limit, idle timeout or
 * Ctrl-C) committing what it printed and leaving the group, so that its partitions go to the others at once.
 */
final class GroupMemberConsumer implements GroupConsumer.Listener
{
    private final PrintWriter out;
    private final PrintWriter err;
    private final RecordLines lines;

    GroupMemberConsumer(final PrintWriter out, final PrintWriter err, final Function<FollowedRecord, String> renderer)
    {
        this.out = out;
        this.err = err;
        this.lines = new RecordLines(out, renderer);
    }

    /**
     * @return 0 when the member stopped as asked, 1 when records could not be rendered.
     */
    int consume(
        final ClientOptions clientOptions,
        final String group,
        final int streamId,
        final FollowFrom resetFrom,
        final long limit,
        final Double idleTimeoutSeconds)
    {
        final long idleTimeoutNs = OutputConsumer.idleTimeoutNs(idleTimeoutSeconds);
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch left = new CountDownLatch(1);
        final Thread onSignal = new Thread(() ->
        {
            stop.set(true);
            try
            {
                left.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "streamflow-consume-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (StreamFlowClient client = clientOptions.connect())
        {
            final GroupConsumer member = new GroupConsumer(client, new GroupConsumer.Context()
                .group(group).streamId(streamId).resetFrom(resetFrom), this);
            final IdleStrategy idle = OutputConsumer.idleStrategy();
            long lastRecordNs = System.nanoTime();
            try
            {
                while (!stop.get() && lines.printed() < limit && System.nanoTime() - lastRecordNs < idleTimeoutNs)
                {
                    final long before = lines.printed();
                    // No more records delivered than are still to print: what is delivered counts as consumed.
                    final int work = member.poll((int)Math.min(16, limit - lines.printed()));
                    if (lines.printed() > before)
                    {
                        lastRecordNs = System.nanoTime();
                    }
                    else if (0 == work)
                    {
                        out.flush();
                    }
                    idle.idle(work);
                }
            }
            finally
            {
                out.flush();
                member.close();
                err.println(member.hasLeft() ? "streamflow consume: committed and left group '" + group + "'" :
                    "streamflow consume: the node did not answer the leave of group '" + group + "' in time; " +
                    "it expires this member after its session timeout");
                err.flush();
            }
        }
        finally
        {
            left.countDown();
            removeHook(onSignal);
        }
        if (lines.unreadable() > 0)
        {
            err.println(lines.unreadable() + " records could not be rendered");
            err.flush();
            return 1;
        }
        return 0;
    }

    private static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // The JVM is shutting down: the hook is running, and waits for what was just counted down.
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onRecord(final FollowedRecord record)
    {
        lines.print(record);
    }

    /**
     * {@inheritDoc}
     */
    public void onAssigned(final int generation, final int[] partitions, final int memberCount)
    {
        err.println("streamflow consume: generation " + generation + " of " + memberCount + " member" +
            (1 == memberCount ? "" : "s") + ": partitions " + Arrays.toString(partitions));
        err.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onFenced(final GroupStatusCode status)
    {
        err.println("streamflow consume: removed from the group (" + status + "); joining again");
        err.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onRefused(final GroupStatusCode status, final int partition, final String rejectDetail)
    {
        err.println("streamflow consume: the node refused a group command: " +
            (null == rejectDetail ? status + (partition >= 0 ? " (partition " + partition + ")" : "") : rejectDetail));
        err.flush();
    }
}
