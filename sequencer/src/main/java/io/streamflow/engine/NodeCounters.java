package io.streamflow.engine;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.streamflow.sbe.RejectReason;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's counters, allocated in the media driver's counters file so that {@code AeronStat} and any other process
 * can watch them. Each is written by one thread only (named on each; the front door's ingress and egress threads
 * write theirs, the engine's stages theirs) and read by anyone; {@link #errors} alone has several writers.
 */
public final class NodeCounters implements AutoCloseable
{
    /** Counter type id of every StreamFlow node counter. */
    public static final int NODE_COUNTER_TYPE_ID = 7101;

    /** Label of the counter of the engine sequence of the last journal entry, for tools that read the counters. */
    public static final String JOURNAL_LAST_SEQUENCE_LABEL = "streamflow journal: last engine sequence";

    private final List<Counter> all = new ArrayList<>();

    /** Sequencer thread: whole ingress messages received. */
    public final Counter ingressMessages;
    /** Sequencer thread: commands given an engine sequence. */
    public final Counter commandsSequenced;
    /** Sequencer thread: resent commands answered as duplicates. */
    public final Counter duplicates;
    /** Sequencer thread: messages rejected, all reasons. */
    public final Counter rejects;
    /** Sequencer thread: rejected messages from sessions that never connected, so with no one to answer. */
    public final Counter unanswerable;
    /** Sequencer thread: Aeron sessions bound to a client (refreshed as vanished clients are swept). */
    public final Counter ingressSessions;
    /** Sequencer thread: duty cycles that found the ring full and left ingress in Aeron. */
    public final Counter ringFull;
    /** Sequencer thread: rejects per reason, indexed by the reason's value. */
    public final Counter[] rejectsByReason;
    /** Journal thread: entries appended. */
    public final Counter journalEntries;
    /** Journal thread: engine sequence of the last entry appended, -1 before the first. */
    public final Counter journalLastSequence;
    /** Journal thread: batches synced to the storage device (the sync durability mode only). */
    public final Counter journalSyncs;
    /** Sealer thread: completed cycles sealed in the journal's audit log. */
    public final Counter journalCyclesSealed;
    /** Sealer thread: sealed cycles dropped by retention. */
    public final Counter journalCyclesDropped;
    /** Sealer thread: of those, cycles recovery still needed, dropped because the policy said so. */
    public final Counter journalCyclesDroppedForced;
    /** Sealer thread: sealed cycles moved to the cold tier. */
    public final Counter journalCyclesMovedToCold;
    /** Sealer thread: compacted versions of streams made current. */
    public final Counter streamsCompacted;
    /** Operator thread: errors thrown by the operator. */
    public final Counter operatorErrors;
    /** Operator thread: snapshots written. */
    public final Counter snapshots;
    /** Sealer thread: cycles of the output log dropped by retention. */
    public final Counter outputCyclesDropped;
    /** Operator thread: consumer group rebalances (a member joined, left or expired). */
    public final Counter groupRebalances;
    /** Operator thread: group offsets committed. */
    public final Counter groupCommits;
    /** Operator thread: group commits refused (not a member, older generation, partition not assigned). */
    public final Counter groupCommitsRefused;
    /** Operator thread: group members removed for want of a heartbeat within their session timeout. */
    public final Counter groupMembersExpired;
    /** Operator thread: empty groups removed with their offsets after the offsets retention. */
    public final Counter groupsExpired;
    /** Operator thread: empty groups deleted by a DeleteGroup command. */
    public final Counter groupsDeleted;
    /** Egress thread: messages sent to clients. */
    public final Counter egressMessages;
    /** Egress thread: offers refused by back-pressure (retried). */
    public final Counter egressBackPressure;
    /** Egress thread: messages for clients with no open session (dropped: the client is gone). */
    public final Counter egressUndeliverable;
    /** Egress thread: messages sent to output streams. */
    public final Counter outputMessages;
    /** Egress thread: output messages dropped: no subscriber, or subscribers slower than the slow-client timeout. */
    public final Counter outputDropped;
    /** Egress thread: sessions open. */
    public final Counter sessionsOpen;
    /** Egress thread: sessions closed because the client did not connect, or stopped reading, in time. */
    public final Counter sessionsTimedOut;
    /**
     * Errors, each counted once by the node's {@code CountedErrorHandler}: the one counter of several writers, so
     * incremented atomically ({@code increment()}), never with the single-writer {@code incrementRelease()}.
     */
    public final Counter errors;

    /**
     * Allocate the counters.
     *
     * @param aeron client of the media driver whose counters file holds them.
     */
    public NodeCounters(final Aeron aeron)
    {
        ingressMessages = add(aeron, "streamflow sequencer: ingress messages");
        commandsSequenced = add(aeron, "streamflow sequencer: commands sequenced");
        duplicates = add(aeron, "streamflow sequencer: duplicates");
        rejects = add(aeron, "streamflow sequencer: rejects");
        unanswerable = add(aeron, "streamflow sequencer: rejects with no session to answer");
        ringFull = add(aeron, "streamflow sequencer: ring full");
        ingressSessions = add(aeron, "streamflow sequencer: ingress sessions bound");

        final RejectReason[] reasons = RejectReason.values();
        int maxReason = 0;
        for (final RejectReason reason : reasons)
        {
            if (reason != RejectReason.NULL_VAL)
            {
                maxReason = Math.max(maxReason, reason.value());
            }
        }
        rejectsByReason = new Counter[maxReason + 1];
        for (final RejectReason reason : reasons)
        {
            if (reason != RejectReason.NULL_VAL)
            {
                rejectsByReason[reason.value()] = add(aeron, "streamflow sequencer: rejects " + reason.name());
            }
        }

        journalEntries = add(aeron, "streamflow journal: entries appended");
        journalLastSequence = add(aeron, JOURNAL_LAST_SEQUENCE_LABEL);
        journalLastSequence.setRelease(-1);
        journalSyncs = add(aeron, "streamflow journal: syncs to the device");
        journalCyclesSealed = add(aeron, "streamflow journal: cycles sealed");
        journalCyclesDropped = add(aeron, "streamflow journal: cycles dropped by retention");
        journalCyclesDroppedForced = add(aeron, "streamflow journal: cycles dropped by retention though recovery " +
            "needed them");
        journalCyclesMovedToCold = add(aeron, "streamflow journal: cycles moved to the cold tier");
        streamsCompacted = add(aeron, "streamflow journal: compacted versions of streams made current");
        operatorErrors = add(aeron, "streamflow operator: errors");
        snapshots = add(aeron, "streamflow operator: snapshots written");
        outputCyclesDropped = add(aeron, "streamflow output log: cycles dropped by retention");
        groupRebalances = add(aeron, "streamflow groups: rebalances");
        groupCommits = add(aeron, "streamflow groups: offsets committed");
        groupCommitsRefused = add(aeron, "streamflow groups: commits refused");
        groupMembersExpired = add(aeron, "streamflow groups: members expired");
        groupsExpired = add(aeron, "streamflow groups: empty groups expired");
        groupsDeleted = add(aeron, "streamflow groups: groups deleted");
        egressMessages = add(aeron, "streamflow egress: messages sent");
        egressBackPressure = add(aeron, "streamflow egress: back-pressured offers");
        egressUndeliverable = add(aeron, "streamflow egress: undeliverable messages");
        outputMessages = add(aeron, "streamflow egress: output messages sent");
        outputDropped = add(aeron, "streamflow egress: output messages dropped");
        sessionsOpen = add(aeron, "streamflow egress: sessions open");
        sessionsTimedOut = add(aeron, "streamflow egress: sessions timed out");
        errors = add(aeron, "streamflow node: errors");
    }

    /**
     * Add a counter that shows a stage thread's configuration: its value is the CPU it is pinned to, or -1.
     *
     * @param aeron        client to allocate with.
     * @param stage        name of the thread.
     * @param cpu          it is pinned to, or -1.
     * @param idleStrategy it idles with.
     * @return the counter.
     */
    public Counter addThreadCounter(final Aeron aeron, final String stage, final int cpu, final String idleStrategy)
    {
        final Counter counter = add(aeron,
            "streamflow thread " + stage + ": pinned cpu (-1 none), idle strategy " + idleStrategy);
        counter.setRelease(cpu);
        return counter;
    }

    void onReject(final RejectReason reason)
    {
        rejects.incrementRelease();
        rejectsByReason[reason.value()].incrementRelease();
    }

    /**
     * @return whole ingress messages received.
     */
    public long ingressMessages()
    {
        return ingressMessages.get();
    }

    /**
     * @return commands given an engine sequence.
     */
    public long commandsSequenced()
    {
        return commandsSequenced.get();
    }

    /**
     * @return resent commands answered as duplicates.
     */
    public long duplicates()
    {
        return duplicates.get();
    }

    /**
     * @return messages rejected, all reasons.
     */
    public long rejects()
    {
        return rejects.get();
    }

    /**
     * @param reason of the rejects.
     * @return messages rejected for that reason.
     */
    public long rejects(final RejectReason reason)
    {
        return rejectsByReason[reason.value()].get();
    }

    /**
     * @return rejected messages that had no session to answer on.
     */
    public long unanswerable()
    {
        return unanswerable.get();
    }

    /**
     * @return Aeron sessions bound to a client, as of the last sweep or connect.
     */
    public long ingressSessions()
    {
        return ingressSessions.get();
    }

    /**
     * @return journal entries appended.
     */
    public long journalEntries()
    {
        return journalEntries.get();
    }

    /**
     * @return engine sequence of the last entry appended by this node, -1 before the first.
     */
    public long journalLastSequence()
    {
        return journalLastSequence.get();
    }

    /**
     * @return batches synced to the storage device.
     */
    public long journalSyncs()
    {
        return journalSyncs.get();
    }

    /**
     * @return errors thrown by the operator.
     */
    public long operatorErrors()
    {
        return operatorErrors.get();
    }

    /**
     * @return consumer group rebalances.
     */
    public long groupRebalances()
    {
        return groupRebalances.get();
    }

    /**
     * @return group offsets committed.
     */
    public long groupCommits()
    {
        return groupCommits.get();
    }

    /**
     * @return group commits refused.
     */
    public long groupCommitsRefused()
    {
        return groupCommitsRefused.get();
    }

    /**
     * @return group members expired.
     */
    public long groupMembersExpired()
    {
        return groupMembersExpired.get();
    }

    /**
     * @return empty groups removed, with their committed offsets, after the offsets retention.
     */
    public long groupsExpired()
    {
        return groupsExpired.get();
    }

    /**
     * @return operator snapshots written.
     */
    public long snapshots()
    {
        return snapshots.get();
    }

    /**
     * @return messages sent to output streams.
     */
    public long outputMessages()
    {
        return outputMessages.get();
    }

    /**
     * @return output messages dropped for want of a subscriber keeping up.
     */
    public long outputDropped()
    {
        return outputDropped.get();
    }

    /**
     * @return egress messages sent.
     */
    public long egressMessages()
    {
        return egressMessages.get();
    }

    /**
     * @return egress messages with no open session to go to.
     */
    public long egressUndeliverable()
    {
        return egressUndeliverable.get();
    }

    /**
     * @return sessions open.
     */
    public long sessionsOpen()
    {
        return sessionsOpen.get();
    }

    /**
     * @return sessions closed for not connecting or not reading in time.
     */
    public long sessionsTimedOut()
    {
        return sessionsTimedOut.get();
    }

    /**
     * @return errors reported to the node's error handler.
     */
    public long errors()
    {
        return errors.get();
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
        final Counter counter = aeron.addCounter(NODE_COUNTER_TYPE_ID, label);
        all.add(counter);
        return counter;
    }
}
