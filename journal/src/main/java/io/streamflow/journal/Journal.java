package io.streamflow.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;

/**
 * The journal of one node: a Chronicle Queue of {@link JournalEntryLayout journal entries} in a directory, one entry
 * per engine sequence, contiguous. One process at a time writes (Chronicle's write lock); any number of processes
 * read, live, through {@link JournalReader}s.
 */
public final class Journal implements AutoCloseable
{
    /** Roll cycle used unless configured otherwise: one file per day, up to 2^32 entries a day. */
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_DAILY;

    private final File directory;
    private final SingleChronicleQueue queue;

    private Journal(final File directory, final RollCycle rollCycle, final boolean readOnly, final long blockSize)
    {
        this(directory, rollCycle, readOnly, blockSize, null);
    }

    private Journal(
        final File directory,
        final RollCycle rollCycle,
        final boolean readOnly,
        final long blockSize,
        final TimeProvider timeProvider)
    {
        this.directory = directory;
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(rollCycle)
            .readOnly(readOnly);
        if (blockSize > 0)
        {
            builder.blockSize(blockSize);
        }
        if (null != timeProvider)
        {
            builder.timeProvider(timeProvider);
        }
        this.queue = builder.build();
    }

    /**
     * For tests: a journal whose cycles roll by the given clock.
     */
    static Journal open(final File directory, final RollCycle rollCycle, final TimeProvider timeProvider)
    {
        return new Journal(directory, rollCycle, false, 0, timeProvider);
    }

    /**
     * A roll cycle by name: one of Chronicle's {@code RollCycles} (segments of five minutes to a week), or of its
     * {@code TestRollCycles} (segments of a second, for tests and demos of segment handling).
     *
     * @param name of the roll cycle, e.g. {@code FAST_DAILY} or {@code TEST_SECONDLY}.
     * @return the roll cycle.
     * @throws IllegalArgumentException naming the unknown cycle.
     */
    public static RollCycle rollCycle(final String name)
    {
        for (final RollCycle[] cycles : new RollCycle[][]{ RollCycles.values(), TestRollCycles.values() })
        {
            for (final RollCycle cycle : cycles)
            {
                if (((Enum<?>)cycle).name().equals(name))
                {
                    return cycle;
                }
            }
        }
        throw new IllegalArgumentException("unknown journal roll cycle: " + name);
    }

    /**
     * Open (creating if needed) the journal in a directory for reading and writing.
     *
     * @param directory of the queue files.
     * @param rollCycle how often a new file (segment) starts.
     * @return the open journal.
     */
    public static Journal open(final File directory, final RollCycle rollCycle)
    {
        return new Journal(directory, rollCycle, false, 0);
    }

    /**
     * Open (creating if needed) the journal in a directory, its cycle files growing by a given block: small journals
     * for tests and tools, whose files stay small.
     *
     * @param directory      of the queue files.
     * @param rollCycle      how often a new file (segment) starts.
     * @param blockSizeBytes Chronicle's block size: the step a cycle file grows by.
     * @return the open journal.
     */
    public static Journal open(final File directory, final RollCycle rollCycle, final long blockSizeBytes)
    {
        return new Journal(directory, rollCycle, false, blockSizeBytes);
    }

    /**
     * Open an existing journal for reading only, as tools do while a node writes it.
     *
     * @param directory of the queue files.
     * @return the open journal.
     * @throws IllegalArgumentException when there is no journal in the directory.
     */
    public static Journal openReadOnly(final File directory)
    {
        final File[] files = directory.listFiles((dir, name) -> name.endsWith(".cq4") || name.endsWith(".cq4t"));
        if (null == files || files.length == 0)
        {
            throw new IllegalArgumentException("no journal in " + directory);
        }

        return new Journal(directory, DEFAULT_ROLL_CYCLE, true, 0);
    }

    /**
     * @return directory of the queue files.
     */
    public File directory()
    {
        return directory;
    }

    /**
     * @return the roll cycle of the queue: for a journal opened read only, the one its metadata records.
     */
    public RollCycle rollCycle()
    {
        return queue.rollCycle();
    }

    /**
     * @return a writer; only one thread of one process may write at a time.
     */
    public JournalWriter newWriter()
    {
        return newWriter(false);
    }

    /**
     * Open the writer, in the sync durability mode or not.
     *
     * @param isSyncing true when the caller will {@link JournalWriter#sync()} its appends to the storage device: the
     *                  writer then keeps track of the cycle files written since the last sync.
     * @return the writer; the caller closes it.
     */
    public JournalWriter newWriter(final boolean isSyncing)
    {
        return new JournalWriter(this, queue.createAppender(), isSyncing);
    }

    /**
     * Engine sequence of the last entry: one read from the end, whatever the journal's length.
     *
     * @return the sequence, or -1 when the journal is empty or its last entry is too short to hold one.
     */
    public long lastEngineSequence()
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            return JournalReader.engineSequenceOfNext(tailer, new UnsafeBuffer(0, 0));
        }
    }

    /**
     * @return a reader positioned at the start of the journal.
     */
    public JournalReader newReader()
    {
        return new JournalReader(queue);
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    /**
     * Close the queue files.
     */
    public void close()
    {
        queue.close();
    }
}
