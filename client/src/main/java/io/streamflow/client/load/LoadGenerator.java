package io.streamflow.client.load;

import io.aeron.Publication;
import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.RejectReason;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Open-loop load: sends records at a fixed offered rate from one thread and measures each round trip from the time
 * the record was due to be sent, not from when it went, so a stall anywhere (client, node, transport) shows in the
 * latency of every record it delayed (coordinated omission corrected). Latencies go into an HdrHistogram.
 * <p>
 * At rate 0 it sends as fast as the node takes records, with at most {@code maxInFlight} unacknowledged.
 * <p>
 * A warm-up load at the same rate runs first (JIT compilation, page faults of fresh buffers and files); only the
 * records after it are counted and measured.
 * <p>
 * Not thread safe: runs on the calling thread, which also polls the client.
 */
public final class LoadGenerator implements EgressListener
{
    /**
     * Told of every first-time acknowledgement: what the node has journaled for this client.
     */
    @FunctionalInterface
    public interface AckObserver
    {
        /**
         * @param clientSequence of the record.
         * @param engineSequence it was journaled at.
         */
        void onAcked(long clientSequence, long engineSequence);
    }

    private final LoadTarget target;
    private final Settings settings;
    private final BooleanSupplier stopRequested;
    private final AckObserver acks;
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final long[] intendedSendNs;
    private final int mask;
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[Long.BYTES]);
    private final UnsafeBuffer payload;
    private long firstSequence;
    private long sent;
    private long acked;
    private long duplicates;
    private long rejected;
    private long sendFailures;
    private long lastAckNs;
    private RejectReason lastRejectReason;

    private LoadGenerator(
        final LoadTarget target, final Settings settings, final BooleanSupplier stopRequested, final AckObserver acks)
    {
        this.target = target;
        this.settings = settings;
        this.stopRequested = stopRequested;
        this.acks = acks;
        final int slots = Integer.highestOneBit(Math.max(1, settings.maxInFlight() - 1)) << 1;
        this.intendedSendNs = new long[slots];
        this.mask = slots - 1;
        final byte[] payloadBytes = new byte[settings.payloadLength()];
        Arrays.fill(payloadBytes, (byte)'x');
        this.payload = new UnsafeBuffer(payloadBytes);
    }

    /**
     * Run a load to completion: every record sent and answered, or the answer timeout passed.
     *
     * @param client   connected to the node.
     * @param settings of the load.
     * @return what was sent, answered and measured.
     */
    public static Result run(final StreamFlowClient client, final Settings settings)
    {
        return run(new RecordTarget(client, settings.streamId()), settings);
    }

    /**
     * Run a load against any target: the same harness for StreamFlow and the bare transports it is compared with.
     *
     * @param target   to drive.
     * @param settings of the load.
     * @return what was sent, answered and measured.
     */
    public static Result run(final LoadTarget target, final Settings settings)
    {
        return run(target, settings, () -> false, null);
    }

    /**
     * Run a load until it completes, the node goes quiet (no answer for the answer timeout while records are
     * unanswered: it died, or stopped reading) or a stop is requested (a signal): what was acknowledged so far is in
     * the result either way.
     *
     * @param target        to drive.
     * @param settings      of the load.
     * @param stopRequested asked on every loop: true ends the load there.
     * @param acks          told of every first-time ack of the measured load, or null.
     * @return what was sent, answered and measured.
     */
    public static Result run(
        final LoadTarget target, final Settings settings, final BooleanSupplier stopRequested, final AckObserver acks)
    {
        if (settings.warmupCount() > 0)
        {
            new LoadGenerator(target, new Settings(settings.warmupCount(), settings.ratePerSecond(), 0,
                settings.payloadLength(), settings.streamId(), settings.keyCount(), settings.maxInFlight(),
                settings.answerTimeoutNs(), settings.senderWait()), stopRequested, acks).run();
        }

        final Result measured = new LoadGenerator(target, settings, stopRequested, acks).run();
        return new Result(measured.sent(), measured.acked(), measured.duplicates(), measured.rejected(),
            measured.sendFailures(), measured.startNs(), measured.elapsedNs(), measured.latencyNs(),
            settings.warmupCount(), measured.lastRejectReason());
    }

    private Result run()
    {
        final long count = settings.count();
        final long intervalNs = settings.ratePerSecond() > 0 ? TimeUnit.SECONDS.toNanos(1) / settings.ratePerSecond() :
            0;
        firstSequence = target.nextSequence();
        final long startNs = System.nanoTime();
        lastAckNs = startNs;

        while (!stopRequested.getAsBoolean())
        {
            final long nowNs = System.nanoTime();
            final long answered = acked + duplicates + rejected;
            if (answered < sent && nowNs - lastAckNs > settings.answerTimeoutNs())
            {
                // Records wait for answers and none has come for the timeout: the node is gone or stuck.
                break;
            }
            if (sent < count && sent - answered < settings.maxInFlight())
            {
                final long intendedNs = intervalNs > 0 ? startNs + sent * intervalNs : nowNs;
                if (nowNs - intendedNs >= 0)
                {
                    key.putLong(0, sent % settings.keyCount());
                    final long result = target.offer(key, 0, Long.BYTES, payload, 0, payload.capacity(), nowNs);
                    if (result >= 0)
                    {
                        intendedSendNs[(int)(result & mask)] = intendedNs;
                        sent++;
                        continue;
                    }
                    if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
                    {
                        sendFailures++;
                        break;
                    }
                }
            }
            else if (sent >= count && answered >= sent)
            {
                break;
            }

            if (0 == target.poll(this, 256))
            {
                idle();
            }
        }

        final long endNs = Math.max(lastAckNs, startNs + 1);
        return new Result(sent, acked, duplicates, rejected, sendFailures, startNs, endNs - startNs, histogram,
            settings.warmupCount(), lastRejectReason);
    }

    private void idle()
    {
        switch (settings.senderWait())
        {
            case YIELD -> Thread.yield();
            case PARK -> LockSupport.parkNanos(1);
            default ->
            {
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
        final long nowNs = System.nanoTime();
        if (clientSequence < firstSequence)
        {
            // An answer to an earlier load's record (its warm-up, or one sent again after a failover): not ours.
            return;
        }
        if (duplicate)
        {
            duplicates++;
        }
        else
        {
            acked++;
            if (null != acks)
            {
                acks.onAcked(clientSequence, engineSequence);
            }
        }
        lastAckNs = nowNs;
        histogram.recordValue(Math.min(nowNs - intendedSendNs[(int)(clientSequence & mask)],
            histogram.getHighestTrackableValue()));
    }

    /**
     * {@inheritDoc}
     */
    public void onReject(
        final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
    {
        if (clientSequence >= 0 && clientSequence < firstSequence)
        {
            return;
        }
        rejected++;
        lastRejectReason = reason;
        lastAckNs = System.nanoTime();
    }

    /**
     * What the sender does between sends when no answer is waiting: each costs a core differently, and on a small
     * machine a sender that spins beside a node that spins takes the core the node's other threads (and the
     * kernel's) need.
     */
    public enum SenderWait
    {
        /** Busy-spin: the lowest latency when the sender has a core to itself. */
        SPIN,
        /** {@link Thread#yield()}: keeps a core busy, but gives it up at once to any other thread that can run. */
        YIELD,
        /** Park for the shortest time the OS gives (tens of µs): leaves the core free, sends a little late. */
        PARK;

        /**
         * @param name spin, yield or park, in any case.
         * @return the wait of that name.
         * @throws IllegalArgumentException naming the choices.
         */
        public static SenderWait parse(final String name)
        {
            for (final SenderWait wait : values())
            {
                if (wait.name().equalsIgnoreCase(name))
                {
                    return wait;
                }
            }
            throw new IllegalArgumentException("--sender-wait must be spin, yield or park, not " + name);
        }
    }

    /**
     * What to send.
     *
     * @param count           records to send.
     * @param ratePerSecond   offered rate, 0 for as fast as the node takes them.
     * @param warmupCount     records sent first, at the same rate, to warm up; not counted in the result.
     * @param payloadLength   bytes of each record's payload.
     * @param streamId        records are for.
     * @param keyCount        distinct 8-byte keys, cycled.
     * @param maxInFlight     most records sent but not yet answered.
     * @param answerTimeoutNs to wait for answers after the last send.
     * @param senderWait      what the sender does when it has nothing to send and nothing to read.
     */
    public record Settings(
        long count,
        long ratePerSecond,
        long warmupCount,
        int payloadLength,
        int streamId,
        int keyCount,
        int maxInFlight,
        long answerTimeoutNs,
        SenderWait senderWait)
    {
        /**
         * Settings of a sender that spins while it waits.
         *
         * @param count           records to send.
         * @param ratePerSecond   offered rate, 0 for as fast as the node takes them.
         * @param warmupCount     records sent first, at the same rate, to warm up; not counted in the result.
         * @param payloadLength   bytes of each record's payload.
         * @param streamId        records are for.
         * @param keyCount        distinct 8-byte keys, cycled.
         * @param maxInFlight     most records sent but not yet answered.
         * @param answerTimeoutNs to wait for answers after the last send.
         */
        public Settings(
            final long count,
            final long ratePerSecond,
            final long warmupCount,
            final int payloadLength,
            final int streamId,
            final int keyCount,
            final int maxInFlight,
            final long answerTimeoutNs)
        {
            this(count, ratePerSecond, warmupCount, payloadLength, streamId, keyCount, maxInFlight, answerTimeoutNs,
                SenderWait.SPIN);
        }

        /**
         * @param senderWait what the sender does while it waits.
         * @return these settings with that wait.
         */
        public Settings withSenderWait(final SenderWait senderWait)
        {
            return new Settings(count, ratePerSecond, warmupCount, payloadLength, streamId, keyCount, maxInFlight,
                answerTimeoutNs, senderWait);
        }

        /**
         * Validate.
         */
        public Settings
        {
            if (count < 0 || ratePerSecond < 0 || warmupCount < 0 || payloadLength < 0 || keyCount <= 0 ||
                maxInFlight <= 0 || answerTimeoutNs <= 0 || null == senderWait)
            {
                throw new IllegalArgumentException("invalid load settings: " + count + " records at " +
                    ratePerSecond + "/s, warm-up " + warmupCount + ", payload " + payloadLength + ", keys " +
                    keyCount + ", in flight " + maxInFlight);
            }
        }
    }

    /**
     * Outcome of a load.
     *
     * @param sent             records sent.
     * @param acked            first-time acks.
     * @param duplicates       duplicate acks.
     * @param rejected         rejects.
     * @param sendFailures     sends that failed for good (the node went away).
     * @param startNs          {@link System#nanoTime()} at the first send (after the warm-up).
     * @param elapsedNs        from the first send to the last answer.
     * @param latencyNs        round trip from intended send time to answer.
     * @param warmupCount      records sent before these to warm up, not counted here.
     * @param lastRejectReason reason of the last reject, or null.
     */
    public record Result(
        long sent,
        long acked,
        long duplicates,
        long rejected,
        long sendFailures,
        long startNs,
        long elapsedNs,
        Histogram latencyNs,
        long warmupCount,
        RejectReason lastRejectReason)
    {
        /**
         * @return records answered per second over the run.
         */
        public double throughputPerSecond()
        {
            return (acked + duplicates + rejected) * 1e9 / elapsedNs;
        }

        /**
         * @return records sent and never answered.
         */
        public long unanswered()
        {
            return sent - acked - duplicates - rejected;
        }
    }
}
