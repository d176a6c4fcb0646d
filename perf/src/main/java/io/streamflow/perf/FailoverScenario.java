package io.streamflow.perf;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.RecordTarget;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * Failover as a bench scenario: records through a three-member cluster while the leader is stopped
 * {@value #FAILOVERS} times, {@value #SECONDS_BETWEEN} s apart (then restarted, so that a majority remains). Its
 * distribution is the time without acknowledgements of each failover (every gap between two acks longer than
 * {@value #GAP_MS} ms), not a round trip: p50 and max over the failovers.
 */
final class FailoverScenario
{
    static final int FAILOVERS = 5;
    static final long SECONDS_BETWEEN = 4;
    static final long GAP_MS = 200;
    static final long MAX_RATE = 5_000;

    private final Histogram gapsNs = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private long lastAckNs;
    private volatile boolean isFirstAck = true;
    private volatile long doneNs;

    static LoadGenerator.Result run(final File journalParent, final LoadGenerator.Settings settings) throws Exception
    {
        return new FailoverScenario().measure(journalParent, settings);
    }

    private LoadGenerator.Result measure(final File journalParent, final LoadGenerator.Settings settings)
        throws Exception
    {
        final long rate = Math.min(MAX_RATE, settings.ratePerSecond() > 0 ? settings.ratePerSecond() : MAX_RATE);
        // Runs until the last failover is SECONDS_BETWEEN behind it (the count is only a bound).
        final LoadGenerator.Settings load = new LoadGenerator.Settings(rate * 30 * FAILOVERS * SECONDS_BETWEEN, rate,
            0, settings.payloadLength(), settings.streamId(), settings.keyCount(), settings.maxInFlight(),
            TimeUnit.SECONDS.toNanos(30));
        try (BenchCluster cluster = new BenchCluster(journalParent);
            StreamFlowClient client = cluster.client())
        {
            final Thread stopper = new Thread(() -> stopLeaders(cluster), "bench-failover");
            stopper.setDaemon(true);
            stopper.start();
            final LoadGenerator.Result result = LoadGenerator.run(new RecordTarget(client, settings.streamId()), load,
                this::isDone, this::onAcked);
            stopper.join(TimeUnit.SECONDS.toMillis(60));
            return new LoadGenerator.Result(result.sent(), result.acked(), result.duplicates(), result.rejected(),
                result.sendFailures(), result.startNs(), result.elapsedNs(), gapsNs, 0, result.lastRejectReason());
        }
    }

    private boolean isDone()
    {
        return 0 != doneNs && System.nanoTime() - doneNs > TimeUnit.SECONDS.toNanos(SECONDS_BETWEEN);
    }

    private void onAcked(final long clientSequence, final long engineSequence)
    {
        final long nowNs = System.nanoTime();
        if (!isFirstAck && nowNs - lastAckNs > TimeUnit.MILLISECONDS.toNanos(GAP_MS))
        {
            gapsNs.recordValue(Math.min(nowNs - lastAckNs, gapsNs.getHighestTrackableValue()));
        }
        isFirstAck = false;
        lastAckNs = nowNs;
    }

    private void stopLeaders(final BenchCluster cluster)
    {
        try
        {
            while (isFirstAck)
            {
                Thread.sleep(1);
            }
            for (int i = 0; i < FAILOVERS; i++)
            {
                Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS_BETWEEN) / 2);
                final int leader = cluster.awaitLeader(TimeUnit.SECONDS.toNanos(30));
                cluster.stop(leader);
                cluster.awaitLeader(TimeUnit.SECONDS.toNanos(30));
                cluster.start(leader);
                Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS_BETWEEN) / 2);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            doneNs = System.nanoTime();
        }
    }
}
