package io.streamflow.engine;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.OutputLog;
import io.streamflow.journal.TornTail;
import io.streamflow.operators.EgressSink;
import io.streamflow.operators.Operator;
import io.streamflow.protocol.CommandView;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.File;
import java.util.List;

/**
 * Rebuilds the whole engine state before any front door takes ingress: newest intact snapshot, then the journal after
 * it. Nothing older than the snapshot's segment is read, so retention may drop it.
 * <ol>
 *   <li>The newest snapshot that is whole and of this format restores the dedup tables and the operator, whose state
 *   hash must be the one the snapshot recorded.</li>
 *   <li>The journal from the segment holding the next entry is read from its bytes by {@link JournalScanner}, as
 *   {@code journal verify} reads it (every header, index, entry and the zeros after the data): each entry after the
 *   snapshot is applied to the dedup tables and the operator, with the operator's results discarded (they were sent
 *   before the restart). Operators are deterministic, so the state is the one they had.</li>
 *   <li>The remnant of an entry torn by a crash, with nothing valid after it, is cleared (it was never
 *   acknowledged).</li>
 * </ol>
 * Refuses the start, naming what to do, when the journal ends before the snapshot (it lost commands the state had
 * applied), when an entry is damaged, or when history the state needs is missing (no snapshot, and the journal does
 * not start at engine sequence 0).
 */
final class EngineRecovery implements JournalScanner.EntryHandler, EgressSink
{
    private static final int NO_OUTPUT = Integer.MIN_VALUE;

    private final DedupTable[] dedups;
    private final PartitionOffsets[] offsets;
    private final Operator operator;
    private final JournalEntryView entry = new JournalEntryView();
    private final CommandView command = new CommandView();
    private final ExpandableArrayBuffer discarded = new ExpandableArrayBuffer(4096);
    private long replayed;
    private long operatorErrors;

    private final OutputLog outputLog;
    private long engineSequence = -1;
    private long timestampNs;
    private int claimedOutputStreamId = NO_OUTPUT;

    private EngineRecovery(
        final DedupTable[] dedups, final PartitionOffsets[] offsets, final Operator operator, final OutputLog outputLog)
    {
        this.dedups = dedups;
        this.offsets = offsets;
        this.operator = operator;
        this.outputLog = outputLog;
    }

    /**
     * What recovery found and did.
     *
     * @param snapshotSequence   engine sequence of the snapshot restored, -1 for none.
     * @param replayed           commands replayed from the journal after it.
     * @param nextEngineSequence the next command gets: every command before it is in the recovered state.
     * @param lastTimestampNs    of the last command recovered, which later timestamps must not go below.
     * @param stateHash          of the operator after recovery.
     * @param tornTail           the remnant cleared, or null.
     */
    record Result(
        long snapshotSequence,
        long replayed,
        long nextEngineSequence,
        long lastTimestampNs,
        long stateHash,
        TornTail tornTail)
    {
    }

    /**
     * @param journal        to recover from, not yet written by this process.
     * @param snapshots      to restore from.
     * @param dedups         new, to fill (the sequencer's and the operator stage's copy).
     * @param offsets        new, to fill (the sequencer's and the operator stage's copy).
     * @param operator       new, to rebuild.
     * @param outputLog      given the outputs of the commands replayed that it does not hold yet; or null.
     * @param replayWholeJournal ignore the snapshots and rebuild from the whole journal (a pipeline added to a node
     *                           gets the history).
     * @param logger         told what was found.
     * @return what was done.
     * @throws IllegalStateException when the engine cannot be recovered; the message says what to do.
     */
    static Result recover(
        final Journal journal,
        final SnapshotStore snapshots,
        final DedupTable[] dedups,
        final PartitionOffsets[] offsets,
        final Operator operator,
        final OutputLog outputLog,
        final boolean replayWholeJournal,
        final System.Logger logger)
    {
        final SnapshotStore.Snapshot snapshot = replayWholeJournal ? null :
            restoreNewest(snapshots, dedups, offsets, operator, logger);
        if (replayWholeJournal)
        {
            logger.log(System.Logger.Level.INFO, "recovery: snapshots ignored as asked, the whole journal replayed");
        }
        final long snapshotSequence = null == snapshot ? -1 : snapshot.engineSequence();
        final long snapshotTimestampNs = null == snapshot ? 0 : snapshot.timestampNs();

        // The journal after the snapshot, read from its bytes: a damaged header cannot hide what follows it.
        final EngineRecovery recovery = new EngineRecovery(dedups, offsets, operator, outputLog);
        final File journalDir = journal.directory();
        final JournalScanner.Result scan = JournalScanner.scanFrom(journalDir,
            JournalScanner.fileHolding(journalDir, snapshotSequence + 1), snapshotSequence,
            null == snapshot ? Long.MIN_VALUE : snapshotTimestampNs, recovery);

        if (!scan.isValid())
        {
            throw refusal(journalDir, snapshot, scan);
        }
        if (null != snapshot && scan.lastSequenceSeen() < snapshotSequence)
        {
            throw new IllegalStateException("snapshot " + snapshot.file() + " is of engine sequence " +
                snapshotSequence + " but the journal ends " + (scan.lastSequenceSeen() < 0 ? "empty" : "at " +
                scan.lastSequenceSeen()) + ": the journal lost commands the state had applied; restore the journal " +
                "from a copy that reaches the snapshot (the node will not start on less)");
        }

        final List<File> files = JournalScanner.cycleFiles(journalDir);
        final JournalScanner.Torn torn = scan.torn();
        if (null != torn && torn.file().equals(files.get(files.size() - 1)))
        {
            logger.log(System.Logger.Level.WARNING, "journal: " + torn + ", left by a writer that stopped " +
                "mid-entry; truncating to the last complete entry (it was never acknowledged)");
            TornTail.of(torn).clear();
        }
        for (final String note : scan.notes())
        {
            logger.log(System.Logger.Level.INFO, "journal: " + note);
        }

        // The replay was one batch: what the operator conflates across a batch is settled, as after any live batch.
        operator.onBatchEnd(recovery);
        final long nextEngineSequence = (scan.entries() > 0 ? scan.lastSequence() : snapshotSequence) + 1;
        final long lastTimestampNs = scan.entries() > 0 ? scan.lastTimestampNs() : snapshotTimestampNs;
        final Result result = new Result(snapshotSequence, recovery.replayed, nextEngineSequence, lastTimestampNs,
            operator.stateHash(), null == torn ? null : TornTail.of(torn));
        logger.log(System.Logger.Level.INFO, "recovery: " +
            (null == snapshot ? "no snapshot" : "snapshot " + snapshot.file().getName()) + ", then " +
            result.replayed() + " commands replayed from " + journalDir + " (" + recovery.operatorErrors +
            " operator errors); next engine sequence " + result.nextEngineSequence() + ", " +
            dedups[0].clientCount() + " clients, state hash " + Long.toHexString(result.stateHash()));
        return result;
    }

    /**
     * For a host that owns the state (a clustered node: its state comes from the cluster's snapshot and log): the
     * journal is checked but not replayed. Its last cycle file is read from its bytes, a torn tail with nothing valid
     * after it is cleared, and the engine starts empty, for the host to restore and to replay into; entries the
     * journal already holds are then skipped by the writer, which is idempotent by engine sequence.
     *
     * @param journal  to check, not yet written by this process.
     * @param operator new, whose state hash is the empty state's.
     * @param logger   told what was found.
     * @return what was found: no snapshot, nothing replayed, the next engine sequence 0.
     * @throws IllegalStateException when the journal's last file is damaged; the message says what to do.
     */
    static Result checkForHost(final Journal journal, final Operator operator, final System.Logger logger)
    {
        final File journalDir = journal.directory();
        final List<File> files = JournalScanner.cycleFiles(journalDir);
        final JournalScanner.Result scan = files.isEmpty() ? null : JournalScanner.scanFrom(
            journalDir, files.get(files.size() - 1), Long.MIN_VALUE, Long.MIN_VALUE, null);
        TornTail tornTail = null;
        if (null != scan)
        {
            if (null != scan.fault())
            {
                throw refusal(journalDir, null, scan);
            }
            if (null != scan.torn())
            {
                logger.log(System.Logger.Level.WARNING, "journal: " + scan.torn() + ", left by a writer that " +
                    "stopped mid-entry; truncating to the last complete entry (it was never acknowledged)");
                tornTail = TornTail.of(scan.torn());
                tornTail.clear();
            }
        }
        logger.log(System.Logger.Level.INFO, "journal " + journalDir + ": " + (null == scan || scan.entries() == 0 ?
            "empty" : "ends at engine sequence " + scan.lastSequence()) + "; the state comes from the host");
        return new Result(-1, 0, 0, 0, operator.stateHash(), tornTail);
    }

    /**
     * Why the node will not start on this journal, and what to do: never a step that loses acknowledged data.
     */
    private static IllegalStateException refusal(
        final File journalDir, final SnapshotStore.Snapshot snapshot, final JournalScanner.Result scan)
    {
        final long expected = (null == snapshot ? -1 : snapshot.engineSequence()) + 1;
        if (0 == scan.entries() && scan.firstSequenceSeen() > expected)
        {
            return new IllegalStateException("the journal after the " + (0 == expected ? "start" : "snapshot of " +
                "engine sequence " + (expected - 1)) + " begins at engine sequence " + scan.firstSequenceSeen() +
                ": the history between is missing (deleted segments?) and no snapshot covers it; restore the " +
                "journal's missing segments, or the snapshot that was taken after them");
        }
        return new IllegalStateException("the journal is damaged: " + scan.fault() +
            (scan.entriesAfterFault() > 0 ? "; " + scan.entriesAfterFault() + " valid entries follow it" : "") +
            ". The node will not start on it: see 'streamflow journal verify --dir " + journalDir.getParentFile() +
            "', and restore " + journalDir + " from a copy or a replica. Delete nothing: the journal's files and " +
            "the snapshots hold acknowledged data");
    }

    private static SnapshotStore.Snapshot restoreNewest(
        final SnapshotStore snapshots,
        final DedupTable[] dedups,
        final PartitionOffsets[] offsets,
        final Operator operator,
        final System.Logger logger)
    {
        final EngineStateCodec codec = new EngineStateCodec();
        for (final java.io.File file : snapshots.newestFirst())
        {
            final SnapshotStore.Snapshot snapshot = snapshots.readIntact(file, logger);
            if (null == snapshot)
            {
                continue;
            }
            final DirectBuffer state = snapshot.state();
            final String fault = codec.fault(state, 0, state.capacity());
            if (null != fault)
            {
                logger.log(System.Logger.Level.WARNING, "snapshot " + snapshot.file() + " is passed over: " + fault);
                continue;
            }

            codec.decode(state, 0, state.capacity(), dedups, offsets, operator);
            final String changes = operator.restoreChanges();
            if (null != changes)
            {
                logger.log(System.Logger.Level.WARNING, "snapshot " + snapshot.file().getName() + " restored as " +
                    "configured now: " + changes);
                return snapshot;
            }
            final long hash = operator.stateHash();
            if (hash != snapshot.stateHash())
            {
                throw new IllegalStateException("snapshot " + snapshot.file() + " restores to state hash " +
                    Long.toHexString(hash) + ", not the " + Long.toHexString(snapshot.stateHash()) + " it recorded: " +
                    "the operator is configured differently from the node that wrote it");
            }
            return snapshot;
        }
        return null;
    }

    /**
     * {@inheritDoc}
     */
    public boolean onEntry(final DirectBuffer buffer, final int offset, final int length, final boolean isGood)
    {
        entry.wrap(buffer, offset, length);
        final long engineSequence = entry.engineSequence();
        this.engineSequence = engineSequence;
        this.timestampNs = entry.timestampNs();
        command.wrap(buffer, entry.messageOffset(), entry.messageLength());
        for (final DedupTable dedup : dedups)
        {
            dedup.onApplied(command.clientId(), command.clientSequence(), engineSequence);
        }
        for (final PartitionOffsets copy : offsets)
        {
            copy.onApplied(entry);
        }
        try
        {
            operator.onCommand(engineSequence, entry.timestampNs(), entry.partition(), entry.partitionOffset(), buffer,
                entry.messageOffset(), entry.messageLength(), this);
        }
        catch (final RuntimeException ex)
        {
            // The same error the operator stage counted when the command first came: replay reproduces it.
            operatorErrors++;
        }
        replayed++;
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public int claim(final long clientId, final int maxLength)
    {
        discarded.checkLimit(maxLength);
        claimedOutputStreamId = NO_OUTPUT;
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public int claimOutput(final int outputStreamId, final int maxLength)
    {
        discarded.checkLimit(maxLength);
        claimedOutputStreamId = outputStreamId;
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public MutableDirectBuffer buffer()
    {
        return discarded;
    }

    /**
     * {@inheritDoc}
     */
    public void commit(final int length)
    {
        // Replayed answers were delivered before the restart; outputs go to the output log, which drops those it has
        // (a crash may have come between a command's journal entry and the logging of its outputs).
        if (null != outputLog && NO_OUTPUT != claimedOutputStreamId)
        {
            outputLog.append(claimedOutputStreamId, engineSequence, timestampNs, discarded, 0, length);
        }
        claimedOutputStreamId = NO_OUTPUT;
    }
}
