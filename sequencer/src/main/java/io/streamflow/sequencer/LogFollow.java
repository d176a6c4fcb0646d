package io.streamflow.sequencer;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.streamflow.journal.EntryPoller;
import io.streamflow.journal.JournalChecksum;
import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.sbe.FollowState;
import io.streamflow.sbe.FollowStatusEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.PartitionRecordEncoder;
import io.streamflow.sbe.RecordDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One consumer's follow of a stream (one partition or every one): a journal reader of its own, positioned at the
 * follow's start, and an exclusive publication to the consumer's response channel. History and live records come
 * from the same reader, in engine sequence order: when the reader first finds nothing more, the follow says
 * {@link FollowState#LIVE} and goes on with what is appended after, so the hand-over has no gap and no duplicate.
 * <p>
 * At most one message waits (the one the publication last refused): a consumer that cannot keep up only falls
 * behind in the journal, and the node never waits for it. Allocation free once open. The log server's thread only.
 */
final class LogFollow implements JournalEntryHandler, AutoCloseable
{
    /** How a follow ends. */
    enum Ending
    {
        NONE, DONE, CONSUMER_GONE, NEVER_CONNECTED, DAMAGED_JOURNAL
    }

    private static final int BATCH = 64;

    private final long correlationId;
    private final int requestSessionId;
    private final int streamId;
    private final int partition;
    private final long fromOffset;
    private final boolean isOutputs;
    private final long fromTimestampNs;
    private final long fromSequence;
    private final ExclusivePublication publication;
    private final EntryPoller reader;
    private final LogServerCounters counters;
    private final long connectDeadlineNs;
    private final MessageHeaderDecoder recordHeader = new MessageHeaderDecoder();
    private final RecordDecoder record = new RecordDecoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PartitionRecordEncoder recordEncoder = new PartitionRecordEncoder();
    private final FollowStatusEncoder statusEncoder = new FollowStatusEncoder();
    private final JournalEntryView entry = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();
    private final UnsafeBuffer message;
    private int messageLength;
    private boolean messageIsRecord;
    private boolean wasConnected;
    private boolean isLive;
    private boolean isBehind;
    private boolean closeAfterMessage;
    private long lastEngineSequence = -1;
    private Ending ending = Ending.NONE;
    private String damage;

    /**
     * @param correlationId     the consumer's id of the follow.
     * @param requestSessionId  Aeron session the Follow came on: an Unfollow must come on it too.
     * @param streamId          followed.
     * @param partition         followed, or -1 for every partition.
     * @param isOutputs         true for a follow of the output log, false for the journal.
     * @param fromOffset        records at lower offsets are passed over (0 for none).
     * @param fromTimestampNs   records appended earlier are passed over (0 for none).
     * @param fromSequence      records at lower engine sequences are passed over (0 for none).
     * @param publication       to the consumer.
     * @param reader            positioned at the start; closed with the follow.
     * @param maxMessageLength  longest record the node takes.
     * @param counters          of the log server.
     * @param connectDeadlineNs by which the consumer must have connected.
     */
    LogFollow(
        final long correlationId,
        final int requestSessionId,
        final int streamId,
        final int partition,
        final boolean isOutputs,
        final long fromOffset,
        final long fromTimestampNs,
        final long fromSequence,
        final ExclusivePublication publication,
        final EntryPoller reader,
        final int maxMessageLength,
        final LogServerCounters counters,
        final long connectDeadlineNs)
    {
        this.correlationId = correlationId;
        this.requestSessionId = requestSessionId;
        this.streamId = streamId;
        this.partition = partition;
        this.isOutputs = isOutputs;
        this.fromOffset = fromOffset;
        this.fromTimestampNs = fromTimestampNs;
        this.fromSequence = fromSequence;
        this.publication = publication;
        this.reader = reader;
        this.counters = counters;
        this.connectDeadlineNs = connectDeadlineNs;
        this.message = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH +
            PartitionRecordEncoder.BLOCK_LENGTH + maxMessageLength + 64]);
    }

    /**
     * A follow that only tells the consumer why it was refused, then ends.
     *
     * @param correlationId     the consumer's id of the follow.
     * @param requestSessionId  Aeron session the Follow came on.
     * @param publication       to the consumer.
     * @param reason            for people.
     * @param counters          of the log server.
     * @param connectDeadlineNs by which the consumer must have connected to hear it.
     * @return the follow.
     */
    static LogFollow refusal(
        final long correlationId,
        final int requestSessionId,
        final ExclusivePublication publication,
        final String reason,
        final LogServerCounters counters,
        final long connectDeadlineNs)
    {
        final LogFollow refusal = new LogFollow(
            correlationId, requestSessionId, 0, 0, false, 0, 0, 0, publication, null, reason.length(), counters,
            connectDeadlineNs);
        refusal.status(FollowState.REFUSED, reason);
        refusal.closeAfterMessage = true;
        return refusal;
    }

    /**
     * Send what the consumer can take: the waiting message first, then entries from the journal.
     *
     * @param nowNs the log server's clock.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        if (Ending.NONE != ending)
        {
            return 0;
        }
        if (!publication.isConnected())
        {
            if (wasConnected)
            {
                ending = Ending.CONSUMER_GONE;
            }
            else if (nowNs - connectDeadlineNs > 0)
            {
                ending = Ending.NEVER_CONNECTED;
            }
            return 0;
        }
        wasConnected = true;

        int work = 0;
        while (work < BATCH && Ending.NONE == ending)
        {
            if (messageLength > 0 && !offerMessage())
            {
                break;
            }
            if (closeAfterMessage)
            {
                ending = Ending.DONE;
                break;
            }
            if (0 == reader.poll(this, 1))
            {
                if (!isLive && 0 == messageLength)
                {
                    isLive = true;
                    status(FollowState.LIVE, "");
                    continue;
                }
                break;
            }
            work++;
        }
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public void onEntry(final DirectBuffer buffer, final int offset, final int length, final long index)
    {
        entry.wrap(buffer, offset, length);
        if (null != entry.structuralFault() || !checksum.matches(buffer, offset, length))
        {
            damage = "the journal is damaged after engine sequence " + lastEngineSequence + " (index 0x" +
                Long.toHexString(index) + "): see 'streamflow journal verify'";
            status(FollowState.CLOSED, damage);
            closeAfterMessage = true;
            return;
        }
        lastEngineSequence = entry.engineSequence();
        if (entry.streamId() != streamId || entry.partitionOffset() < fromOffset ||
            entry.timestampNs() < fromTimestampNs || entry.engineSequence() < fromSequence)
        {
            return;
        }
        if (isOutputs)
        {
            onOutput(buffer);
        }
        else if (JournalEntryLayout.NO_PARTITION != entry.partition() &&
            (partition < 0 || entry.partition() == partition))
        {
            onRecord(buffer);
        }
    }

    private void onRecord(final DirectBuffer buffer)
    {
        final int messageOffset = entry.messageOffset();
        recordHeader.wrap(buffer, messageOffset);
        record.wrap(buffer, messageOffset + MessageHeaderDecoder.ENCODED_LENGTH, recordHeader.blockLength(),
            recordHeader.version());
        recordEncoder.wrapAndApplyHeader(message, 0, header)
            .correlationId(correlationId)
            .streamId(streamId)
            .partition(entry.partition())
            .partitionOffset(entry.partitionOffset())
            .engineSequence(entry.engineSequence())
            .timestampNs(entry.timestampNs())
            .clientId(record.clientId())
            .clientSequence(record.clientSequence())
            .eventTimestampNs(record.eventTimestampNs());
        final int keyLength = record.keyLength();
        final int keyOffset = record.limit() + RecordDecoder.keyHeaderLength();
        recordEncoder.putKey(buffer, keyOffset, keyLength);
        record.skipKey();
        final int payloadLength = record.payloadLength();
        recordEncoder.putPayload(buffer, record.limit() + RecordDecoder.payloadHeaderLength(), payloadLength);
        send();
    }

    /**
     * An output of the output log: no producer, no key; its payload the output exactly as it was published.
     */
    private void onOutput(final DirectBuffer buffer)
    {
        recordEncoder.wrapAndApplyHeader(message, 0, header)
            .correlationId(correlationId)
            .streamId(streamId)
            .partition(0)
            .partitionOffset(entry.partitionOffset())
            .engineSequence(entry.engineSequence())
            .timestampNs(entry.timestampNs())
            .clientId(0)
            .clientSequence(-1)
            .eventTimestampNs(entry.timestampNs())
            .putKey(buffer, 0, 0);
        recordEncoder.putPayload(buffer, entry.messageOffset(), entry.messageLength());
        send();
    }

    private void send()
    {
        messageLength = MessageHeaderEncoder.ENCODED_LENGTH + recordEncoder.encodedLength();
        messageIsRecord = true;
        offerMessage();
    }

    /**
     * End the follow now, telling the consumer (one attempt: it may be gone).
     *
     * @param state  CLOSED, or NODE_STOPPING for a follow the consumer may resume.
     * @param reason for people.
     */
    void closeWith(final FollowState state, final String reason)
    {
        if (Ending.NONE == ending)
        {
            status(state, reason);
            offerMessage();
            ending = Ending.DONE;
        }
    }

    /**
     * @return how the follow ended, {@link Ending#NONE} while it runs.
     */
    Ending ending()
    {
        return ending;
    }

    /**
     * @return what was damaged, when a damaged entry ended the follow.
     */
    String damage()
    {
        return damage;
    }

    /**
     * @return true for a follow that only answers a refusal.
     */
    boolean isRefusal()
    {
        return null == reader;
    }

    long correlationId()
    {
        return correlationId;
    }

    int requestSessionId()
    {
        return requestSessionId;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(reader, publication);
    }

    private void status(final FollowState state, final String detail)
    {
        statusEncoder.wrapAndApplyHeader(message, 0, header)
            .correlationId(correlationId)
            .state(state)
            .engineSequence(FollowState.LIVE == state ? lastEngineSequence : -1)
            .detail(detail);
        messageLength = MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength();
        messageIsRecord = false;
        offerMessage();
    }

    /**
     * @return true when the waiting message went (or there was none); false while the consumer cannot take it.
     */
    private boolean offerMessage()
    {
        if (0 == messageLength)
        {
            return true;
        }
        final long result = publication.offer(message, 0, messageLength);
        if (result > 0)
        {
            if (messageIsRecord)
            {
                counters.recordsSent.incrementRelease();
            }
            messageLength = 0;
            isBehind = false;
            return true;
        }
        if (Publication.BACK_PRESSURED == result && !isBehind)
        {
            isBehind = true;
            counters.fellBehind.incrementRelease();
        }
        return false;
    }
}
