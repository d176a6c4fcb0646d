package io.streamflow.engine;

import com.lmax.disruptor.RingBuffer;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.Partitioner;
import io.streamflow.operators.AckWriter;
import io.streamflow.protocol.CommandView;
import io.streamflow.protocol.IngressTemplate;
import io.streamflow.protocol.IngressValidator;
import io.streamflow.protocol.RejectReasons;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.protocol.StreamCreation;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.CreateStreamDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.RejectEncoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.journal.JournalEntryEncoder;
import org.agrona.DirectBuffer;

import static io.streamflow.engine.IngressSession.NO_CLIENT;

/**
 * The engine's front: every message from a front door comes here first, on the one ingress thread. It validates the
 * message, binds and unbinds sessions, answers duplicates and bad input itself, and gives every new command the next
 * engine sequence and its timestamp, and every new record its partition and its offset there, before publishing it
 * into the ring as a ready-to-append journal entry. Nothing else assigns engine sequences or offsets; nothing else
 * publishes into the ring (single writer).
 * <p>
 * Every message takes at most one ring slot: a front door that takes no more messages than {@link #freeSlots()}
 * leaves the rest in its transport, which back-pressures the clients, and nothing is dropped.
 * <p>
 * Time comes from the front door, per message: a standalone node's clock, read once per duty cycle, or the cluster's
 * log time. Admission keeps timestamps from ever going back.
 * <p>
 * Not thread safe: runs on the front door's ingress thread (the sequencer thread).
 */
public final class Admission
{
    private static final int REJECT_MAX_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + RejectEncoder.BLOCK_LENGTH +
        RejectEncoder.detailHeaderLength() + 128;

    private static final int NAME_TAKEN = -1;
    private static final int INVALID_STREAM = -2;

    private final RingBuffer<RingSlot> ring;
    private final IngressValidator validator;
    private final DedupTable dedup;
    private final PartitionOffsets offsets;
    private final NodeCounters counters;
    private final Principals principals;
    private byte[] credentials = new byte[64];

    private final CommandView command = new CommandView();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final RecordDecoder record = new RecordDecoder();
    private final StreamCreation creation = new StreamCreation();
    private final io.streamflow.sbe.journal.MessageHeaderEncoder journalHeader =
        new io.streamflow.sbe.journal.MessageHeaderEncoder();
    private final JournalEntryEncoder journalEntry = new JournalEntryEncoder();
    private final MessageHeaderEncoder replyHeader = new MessageHeaderEncoder();
    private final RejectEncoder reject = new RejectEncoder();
    private final AckWriter ack = new AckWriter();
    private final EgressFrames frames = new EgressFrames();

    private long nextEngineSequence;
    private long lastTimestampNs;

    Admission(
        final RingBuffer<RingSlot> ring,
        final IngressValidator validator,
        final DedupTable dedup,
        final PartitionOffsets offsets,
        final NodeCounters counters,
        final Principals principals,
        final long nextEngineSequence,
        final long lastTimestampNs)
    {
        this.ring = ring;
        this.validator = validator;
        this.dedup = dedup;
        this.offsets = offsets;
        this.counters = counters;
        this.principals = principals;
        this.nextEngineSequence = nextEngineSequence;
        this.lastTimestampNs = lastTimestampNs;
    }

    /**
     * @return ring slots free now: how many messages may be offered before asking again.
     */
    public long freeSlots()
    {
        return ring.remainingCapacity();
    }

    /**
     * @return engine sequence the next command will get.
     */
    public long nextEngineSequence()
    {
        return nextEngineSequence;
    }

    /**
     * Continue after a state the host restored: before the first message.
     *
     * @param nextEngineSequence the next command gets.
     * @param lastTimestampNs    of the last command in the state: later ones are never stamped before it.
     */
    void restore(final long nextEngineSequence, final long lastTimestampNs)
    {
        this.nextEngineSequence = nextEngineSequence;
        this.lastTimestampNs = lastTimestampNs;
    }

    /**
     * Admit one whole (reassembled) ingress message. Needs one free ring slot.
     *
     * @param session     it came in on.
     * @param timestampNs time to stamp it with if it is sequenced, nanoseconds since the epoch; a time before the
     *                    last one stamped is raised to it.
     * @param buffer      holding the message.
     * @param offset      of the message.
     * @param length      of the message.
     */
    public void onMessage(
        final IngressSession session,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        counters.ingressMessages.incrementRelease();
        final long sessionClientId = session.clientId();

        final RejectReason invalid = validator.validate(buffer, offset, length);
        if (null != invalid)
        {
            rejectUnreadable(sessionClientId, buffer, offset, length, invalid);
            return;
        }

        command.wrap(buffer, offset, length);
        final IngressTemplate template = IngressTemplate.of(command.templateId());
        if (IngressTemplate.CONNECT == template)
        {
            onConnect(session, buffer, offset, length);
        }
        else if (IngressTemplate.DISCONNECT == template)
        {
            onDisconnect(session, sessionClientId);
        }
        else
        {
            onCommand(sessionClientId, template, timestampNs, buffer, offset, length);
        }
    }

    private void onConnect(
        final IngressSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        connect.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long clientId = connect.clientId();

        final long ringSequence = ring.next();
        final RingSlot slot = ring.get(ringSequence);
        slot.reset(RingSlot.CONNECT);
        slot.clientId = clientId;
        slot.sessionId = session.sessionId();
        final RejectReason unauthenticated = null == principals ? null : authenticate(clientId);
        if (null != unauthenticated)
        {
            counters.onReject(unauthenticated);
            slot.refusal = unauthenticated;
        }
        else if (dedup.canAdmit(clientId))
        {
            dedup.admit(clientId);
            session.bind(clientId);
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

    /**
     * The credentials of the Connect just wrapped, against the principals. Not the hot path: a Connect may allocate.
     *
     * @return null when the principal is known and may connect as the client id, else why not.
     */
    private RejectReason authenticate(final long clientId)
    {
        connect.skipResponseChannel();
        final int length = connect.credentialsLength();
        if (credentials.length < length)
        {
            credentials = new byte[length];
        }
        connect.getCredentials(credentials, 0, length);
        final Principals.Principal principal = principals.authenticate(credentials, 0, length);
        java.util.Arrays.fill(credentials, 0, length, (byte)0);
        if (null == principal)
        {
            return RejectReason.AUTHENTICATION_FAILED;
        }
        return Principals.mayConnectAs(principal, clientId) ? null : RejectReason.NOT_AUTHORIZED;
    }

    private void onDisconnect(final IngressSession session, final long sessionClientId)
    {
        if (NO_CLIENT == sessionClientId || command.clientId() != sessionClientId)
        {
            return;
        }

        session.unbind();
        final long ringSequence = ring.next();
        final RingSlot slot = ring.get(ringSequence);
        slot.reset(RingSlot.DISCONNECT);
        slot.clientId = sessionClientId;
        ring.publish(ringSequence);
    }

    private void onCommand(
        final long sessionClientId,
        final IngressTemplate template,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final long clientId = command.clientId();
        final long clientSequence = command.clientSequence();
        final int templateId = template.templateId();

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
        final StreamCatalog streams = offsets.catalog();
        final boolean isRecord = IngressTemplate.RECORD == template;
        if (isRecord)
        {
            wrapRecord(buffer, offset);
            if (!streams.contains(record.streamId()))
            {
                reject(clientId, clientSequence, templateId, RejectReason.UNKNOWN_STREAM);
                return;
            }
            if (RecordDecoder.partitionNullValue() != record.partition() &&
                StreamCatalog.NO_SLOT == streams.slotOf(record.streamId(), record.partition()))
            {
                reject(clientId, clientSequence, templateId, RejectReason.UNKNOWN_PARTITION);
                return;
            }
        }
        final boolean isCreateStream = IngressTemplate.CREATE_STREAM == template;
        if (null != principals && (isCreateStream ? !principals.mayAdminister(clientId) :
            IngressTemplate.NO_ACCOUNT != template.accountOffset() && !principals.mayTradeFor(clientId,
            buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH + template.accountOffset(),
            MessageHeaderDecoder.BYTE_ORDER))))
        {
            reject(clientId, clientSequence, templateId, RejectReason.NOT_AUTHORIZED);
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
                acknowledgeDuplicate(clientId, clientSequence, originalSequence, stamp(timestampNs));
            }
            return;
        }
        // After the duplicate check: a resend of a creation that was applied is a duplicate, not an existing stream.
        final int createdStreamId = isCreateStream ? admitCreateStream(buffer, offset, streams) : 0;
        if (createdStreamId < 0)
        {
            reject(clientId, clientSequence, templateId,
                NAME_TAKEN == createdStreamId ? RejectReason.STREAM_EXISTS : RejectReason.INVALID_STREAM);
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
            .timestampNs(stamp(timestampNs));
        if (isRecord)
        {
            final int partition = partitionOf(engineSequence);
            journalEntry.streamId(record.streamId())
                .partition(partition)
                .partitionOffset(offsets.assign(streams.slotOf(record.streamId(), partition)));
        }
        else
        {
            journalEntry.streamId(0)
                .partition(JournalEntryLayout.NO_PARTITION)
                .partitionOffset(JournalEntryLayout.NO_PARTITION);
        }
        journalEntry.putMessage(buffer, offset, length);
        if (isCreateStream)
        {
            // The journaled copy names the id given, so that replay and every replica create the same stream.
            slot.entry.putInt(JournalEntryLayout.MESSAGE_OFFSET + MessageHeaderDecoder.ENCODED_LENGTH +
                CreateStreamDecoder.streamIdEncodingOffset(), createdStreamId, MessageHeaderDecoder.BYTE_ORDER);
        }
        slot.entryLength = JournalEntryLayout.FRAMING_LENGTH + length;
        ring.publish(ringSequence);
        counters.commandsSequenced.incrementRelease();
    }

    /**
     * Check a {@code CreateStream} against the streams and add its stream to admission's offsets. Not the hot path:
     * a creation allocates.
     *
     * @return the new stream's id, or {@link #NAME_TAKEN} or {@link #INVALID_STREAM} when it is refused.
     */
    private int admitCreateStream(final DirectBuffer buffer, final int offset, final StreamCatalog streams)
    {
        creation.wrap(buffer, offset);
        final int partitions = creation.partitions();
        final int givenId = creation.streamId();
        final String name = creation.name();
        if (streams.containsName(name) || (0 != givenId && streams.contains(givenId)))
        {
            return NAME_TAKEN;
        }
        final int id = 0 == givenId ? streams.maxId() + 1 : givenId;
        if (null != StreamCatalog.faultOf(name, id, partitions) || !streams.hasRoomFor(partitions))
        {
            return INVALID_STREAM;
        }
        offsets.create(name, id, partitions);
        return id;
    }

    private long stamp(final long timestampNs)
    {
        // Journal timestamps never go back, whatever the clock does.
        if (timestampNs > lastTimestampNs)
        {
            lastTimestampNs = timestampNs;
        }
        return lastTimestampNs;
    }

    private void wrapRecord(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        record.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    /**
     * The partition of the record wrapped: the one it names, else chosen from its key ({@link Partitioner}).
     */
    private int partitionOf(final long engineSequence)
    {
        final int named = record.partition();
        if (RecordDecoder.partitionNullValue() != named)
        {
            return named;
        }
        final int keyLength = record.keyLength();
        return Partitioner.partitionOf(record.buffer(), record.limit() + RecordDecoder.keyHeaderLength(), keyLength,
            engineSequence, offsets.catalog().partitionsOf(record.streamId()));
    }

    private void acknowledgeDuplicate(
        final long clientId, final long clientSequence, final long engineSequence, final long timestampNs)
    {
        counters.duplicates.incrementRelease();
        final long ringSequence = ring.next();
        ack.acknowledge(replyFrames(ringSequence, clientId), clientId, clientSequence, engineSequence, timestampNs,
            AckStatus.DUPLICATE);
        ring.publish(ringSequence);
    }

    /**
     * Make the slot at this ring sequence a reply admission gives itself.
     *
     * @return the slot's egress frames to write the reply into.
     */
    private EgressFrames replyFrames(final long ringSequence, final long clientId)
    {
        final RingSlot slot = ring.get(ringSequence);
        slot.reset(RingSlot.REPLY);
        slot.clientId = clientId;
        return frames.wrap(slot);
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
        final int frameOffset = replyFrames(ringSequence, clientId).claim(clientId, REJECT_MAX_LENGTH);
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
