package io.streamflow.sequencer;

import com.lmax.disruptor.RingBuffer;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.protocol.CommandView;
import io.streamflow.protocol.IngressValidator;
import io.streamflow.sbe.AckEncoder;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.DisconnectDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.RejectEncoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.journal.JournalEntryEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

import static io.streamflow.sequencer.IngressAdapter.NO_CLIENT;

/**
 * The single writer. Polls ingress, validates each message, answers duplicates and bad input itself, gives every
 * new command the next engine sequence and a timestamp, and publishes it into the ring as a ready-to-append journal
 * entry. Nothing else assigns sequences; nothing else publishes into the ring.
 * <p>
 * Polls only as many fragments as the ring has free slots, so a full ring leaves messages in Aeron, which
 * back-pressures the clients: nothing is dropped.
 * <p>
 * Not thread safe: runs on the sequencer thread.
 */
final class SequencerAgent implements Agent
{
    private static final int REJECT_MAX_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + RejectEncoder.BLOCK_LENGTH +
        RejectEncoder.detailHeaderLength() + 128;
    private static final int ACK_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AckEncoder.BLOCK_LENGTH;

    private final RingBuffer<RingSlot> ring;
    private final IngressValidator validator;
    private final DedupTable dedup;
    private final IntHashSet streams;
    private final NodeCounters counters;
    private final EpochNanoClock clock;
    private final int fragmentLimit;
    private IngressAdapter[] adapters = new IngressAdapter[0];
    private int nextAdapter;

    private final CommandView command = new CommandView();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final RecordDecoder record = new RecordDecoder();
    private final io.streamflow.sbe.journal.MessageHeaderEncoder journalHeader =
        new io.streamflow.sbe.journal.MessageHeaderEncoder();
    private final JournalEntryEncoder journalEntry = new JournalEntryEncoder();
    private final MessageHeaderEncoder replyHeader = new MessageHeaderEncoder();
    private final RejectEncoder reject = new RejectEncoder();
    private final AckEncoder ack = new AckEncoder();
    private final EgressFrames frames = new EgressFrames();

    /** Sessions of vanished clients are swept every this many + 1 duty cycles: milliseconds on a busy node. */
    private static final long SESSION_SWEEP_MASK = 4095;

    private final StopSignal ingressStop = new StopSignal();
    private long dutyCycles;
    private long nextEngineSequence;
    private long lastTimestampNs;
    private long cycleTimestampNs;

    SequencerAgent(
        final RingBuffer<RingSlot> ring,
        final IngressValidator validator,
        final DedupTable dedup,
        final IntHashSet streams,
        final NodeCounters counters,
        final EpochNanoClock clock,
        final int fragmentLimit,
        final long nextEngineSequence,
        final long lastTimestampNs)
    {
        this.ring = ring;
        this.validator = validator;
        this.dedup = dedup;
        this.streams = streams;
        this.counters = counters;
        this.clock = clock;
        this.fragmentLimit = fragmentLimit;
        this.nextEngineSequence = nextEngineSequence;
        this.lastTimestampNs = lastTimestampNs;
    }

    void addAdapter(final IngressAdapter adapter)
    {
        final IngressAdapter[] grown = java.util.Arrays.copyOf(adapters, adapters.length + 1);
        grown[adapters.length] = adapter;
        adapters = grown;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-sequencer";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        if (ingressStop.isStopped())
        {
            return 0;
        }

        final long freeSlots = ring.remainingCapacity();
        if (freeSlots <= 0)
        {
            counters.ringFull.incrementRelease();
            return 0;
        }

        cycleTimestampNs = 0;
        int budget = (int)Math.min(freeSlots, fragmentLimit);
        int workCount = 0;
        final IngressAdapter[] adapters = this.adapters;
        final int count = adapters.length;
        for (int i = 0; i < count && budget > 0; i++)
        {
            final int fragments = adapters[(nextAdapter + i) % count].poll(budget);
            workCount += fragments;
            budget -= fragments;
        }
        nextAdapter = count > 0 ? (nextAdapter + 1) % count : 0;

        if (0 == (++dutyCycles & SESSION_SWEEP_MASK))
        {
            for (final IngressAdapter adapter : adapters)
            {
                adapter.sweepGoneSessions();
            }
            refreshSessionGauge();
        }

        return workCount;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        CloseHelper.closeAll(adapters);
    }

    /**
     * Take no more ingress, from any thread: messages not yet taken stay in Aeron, unanswered, for the client to
     * resend to the next node. The sequencer acknowledges at the start of its next duty cycle.
     */
    void stopIngress()
    {
        ingressStop.request();
    }

    /**
     * @return true when the sequencer has stopped taking ingress: the ring's cursor read after this is final.
     */
    boolean isIngressStopped()
    {
        return ingressStop.isAcknowledged();
    }

    /**
     * @return engine sequence the next command will get.
     */
    long nextEngineSequence()
    {
        return nextEngineSequence;
    }

    void onMessage(
        final IngressAdapter source, final int sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        counters.ingressMessages.incrementRelease();
        final long sessionClientId = source.clientIdOf(sessionId);

        final RejectReason invalid = validator.validate(buffer, offset, length);
        if (null != invalid)
        {
            rejectUnreadable(sessionClientId, buffer, offset, length, invalid);
            return;
        }

        command.wrap(buffer, offset, length);
        final int templateId = command.templateId();
        switch (templateId)
        {
            case ConnectDecoder.TEMPLATE_ID:
                onConnect(source, sessionId, buffer, offset, length);
                break;

            case DisconnectDecoder.TEMPLATE_ID:
                onDisconnect(source, sessionId, sessionClientId);
                break;

            default:
                onCommand(sessionClientId, templateId, buffer, offset, length);
                break;
        }
    }

    private void onConnect(
        final IngressAdapter source, final int sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        connect.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long clientId = connect.clientId();

        final long ringSequence = ring.next();
        final RingSlot slot = ring.get(ringSequence);
        slot.reset(RingSlot.CONNECT);
        slot.clientId = clientId;
        if (dedup.canAdmit(clientId))
        {
            dedup.admit(clientId);
            source.bind(sessionId, clientId);
            refreshSessionGauge();
            slot.lastClientSequence = dedup.lastClientSequence(clientId);
        }
        else
        {
            counters.onReject(RejectReason.CLIENT_LIMIT);
            slot.refusal = RejectReason.CLIENT_LIMIT;
        }
        slot.entry.putBytes(0, buffer, offset, length);
        slot.entryLength = length;
        ring.publish(ringSequence);
    }

    private void onDisconnect(final IngressAdapter source, final int sessionId, final long sessionClientId)
    {
        if (NO_CLIENT == sessionClientId || command.clientId() != sessionClientId)
        {
            return;
        }

        source.unbind(sessionId);
        refreshSessionGauge();
        final long ringSequence = ring.next();
        final RingSlot slot = ring.get(ringSequence);
        slot.reset(RingSlot.DISCONNECT);
        slot.clientId = sessionClientId;
        ring.publish(ringSequence);
    }

    private void onCommand(
        final long sessionClientId,
        final int templateId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final long clientId = command.clientId();
        final long clientSequence = command.clientSequence();

        if (NO_CLIENT == sessionClientId)
        {
            counters.onReject(RejectReason.NOT_CONNECTED);
            counters.unanswerable.incrementRelease();
            return;
        }
        if (clientId != sessionClientId)
        {
            reject(sessionClientId, clientSequence, templateId, RejectReason.CLIENT_ID_MISMATCH);
            return;
        }
        if (RecordDecoder.TEMPLATE_ID == templateId && !streams.contains(streamIdOf(buffer, offset)))
        {
            reject(clientId, clientSequence, templateId, RejectReason.UNKNOWN_STREAM);
            return;
        }
        if (dedup.isDuplicate(clientId, clientSequence))
        {
            final long originalSequence = dedup.engineSequenceOf(clientId, clientSequence);
            if (DedupTable.UNKNOWN == originalSequence)
            {
                reject(clientId, clientSequence, templateId, RejectReason.SEQUENCE_REGRESSION);
            }
            else
            {
                acknowledgeDuplicate(clientId, clientSequence, originalSequence);
            }
            return;
        }

        final long engineSequence = nextEngineSequence++;
        dedup.onApplied(clientId, clientSequence, engineSequence);

        final long ringSequence = ring.next();
        final RingSlot slot = ring.get(ringSequence);
        slot.reset(RingSlot.COMMAND);
        slot.clientId = clientId;
        journalEntry.wrapAndApplyHeader(slot.entry, 0, journalHeader)
            .checksum(0)
            .engineSequence(engineSequence)
            .timestampNs(timestamp())
            .putMessage(buffer, offset, length);
        slot.entryLength = JournalEntryLayout.FRAMING_LENGTH + length;
        ring.publish(ringSequence);
        counters.commandsSequenced.incrementRelease();
    }

    private void refreshSessionGauge()
    {
        long bound = 0;
        for (final IngressAdapter adapter : adapters)
        {
            bound += adapter.boundSessions();
        }
        counters.ingressSessions.setRelease(bound);
    }

    private int streamIdOf(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        record.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        return record.streamId();
    }

    private long timestamp()
    {
        if (0 == cycleTimestampNs)
        {
            // Journal timestamps never go back, whatever the wall clock does.
            cycleTimestampNs = Math.max(clock.nanoTime(), lastTimestampNs);
            lastTimestampNs = cycleTimestampNs;
        }

        return cycleTimestampNs;
    }

    private void acknowledgeDuplicate(final long clientId, final long clientSequence, final long engineSequence)
    {
        counters.duplicates.incrementRelease();
        final long ringSequence = ring.next();
        final int frameOffset = claimReply(ringSequence, clientId, ACK_LENGTH);
        ack.wrapAndApplyHeader(frames.buffer(), frameOffset, replyHeader)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .engineSequence(engineSequence)
            .timestampNs(timestamp())
            .status(AckStatus.DUPLICATE);
        frames.commit(ACK_LENGTH);
        ring.publish(ringSequence);
    }

    /**
     * Make the slot at this ring sequence a reply the sequencer gives itself, and claim its one egress frame.
     *
     * @return offset in {@code frames.buffer()} to encode the reply at.
     */
    private int claimReply(final long ringSequence, final long clientId, final int maxLength)
    {
        final RingSlot slot = ring.get(ringSequence);
        slot.reset(RingSlot.REPLY);
        slot.clientId = clientId;
        return frames.wrap(slot).claim(clientId, maxLength);
    }

    private void rejectUnreadable(
        final long sessionClientId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final RejectReason reason)
    {
        int templateId = 0;
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH)
        {
            header.wrap(buffer, offset);
            if (header.schemaId() == MessageHeaderDecoder.SCHEMA_ID)
            {
                templateId = header.templateId();
            }
        }

        if (NO_CLIENT == sessionClientId)
        {
            counters.onReject(reason);
            counters.unanswerable.incrementRelease();
            return;
        }

        reject(sessionClientId, CommandView.NO_SEQUENCE, templateId, reason);
    }

    private void reject(
        final long clientId, final long clientSequence, final int templateId, final RejectReason reason)
    {
        counters.onReject(reason);
        final long ringSequence = ring.next();
        final int frameOffset = claimReply(ringSequence, clientId, REJECT_MAX_LENGTH);
        reject.wrapAndApplyHeader(frames.buffer(), frameOffset, replyHeader)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .reason(reason)
            .rejectedTemplateId(templateId)
            .detail(RejectReasons.describe(reason));
        frames.commit(MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength());
        ring.publish(ringSequence);
    }
}
