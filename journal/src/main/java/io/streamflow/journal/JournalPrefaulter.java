package io.streamflow.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.OS;
import net.openhft.posix.PosixAPI;
import org.agrona.concurrent.Agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Faults in the pages of the journal writer's mapping ahead of its write position, from a thread of its own, so that
 * the writer does not take a page fault per fresh page itself ({@code madvise(MADV_POPULATE_WRITE)}: the page tables
 * are filled writable as if each page had been written, without writing to it).
 * <p>
 * Why: a fresh page of a memory-mapped file costs its first writer a fault that allocates, zeroes and maps it, a few
 * microseconds; appending flat out that was about a third of an append's time (perf/README.md). Faulted in here, the
 * same work is done on another core while the writer waits for nothing.
 * <p>
 * The writer publishes its position after each append and, when it moved to a new chunk, that chunk ({@link
 * #onWrittenTo}: one ordered store); {@link #doWork()} keeps up to {@link #AHEAD_BYTES} populated ahead of it, at most
 * {@link #STEP_BYTES} per call. A chunk is read as a pair under a version, so the range advised is always inside one
 * chunk the writer mapped. The writer may release that chunk while the advice runs: the kernel then refuses the range
 * (counted, harmless), or populates whatever is mapped there now, which no data is written to.
 * <p>
 * Linux 5.14 or later; elsewhere, or when the kernel refuses the advice itself, it does nothing, and says so once.
 * <p>
 * Thread safe as stated: {@link #onWrittenTo} by the writer's thread, {@link #doWork()} by the prefaulter's.
 */
public final class JournalPrefaulter implements Agent
{
    /** How far ahead of the writer pages are kept faulted in. */
    public static final long AHEAD_BYTES = 8L << 20;
    /** Most faulted in per duty cycle, so that a wake-up is short. */
    public static final long STEP_BYTES = 1L << 20;

    private static final int MADV_POPULATE_WRITE = 23;
    private static final int EINVAL = 22;
    private static final long PAGE_MASK = ~(OS.pageSize() - 1L);
    private static final System.Logger LOGGER = System.getLogger(JournalPrefaulter.class.getName());
    private static final VarHandle VERSION;
    private static final VarHandle WRITE_ADDRESS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            VERSION = lookup.findVarHandle(JournalPrefaulter.class, "version", long.class);
            WRITE_ADDRESS = lookup.findVarHandle(JournalPrefaulter.class, "writeAddress", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final PosixAPI posix = OS.isLinux() ? PosixAPI.posix() : null;

    // Written by the writer's thread.
    private BytesStore<?, ?> writersChunk;
    private volatile long version;
    private long chunkStart;
    private long chunkEnd;
    private volatile long writeAddress;

    // The prefaulter's own.
    private long populatedChunkStart;
    private long populatedUpTo;
    private long bytesPopulated;
    private long refusals;
    private boolean isOff = null == posix;

    /**
     * Nothing is faulted in until the writer names a chunk.
     */
    public JournalPrefaulter()
    {
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-journal-prefaulter";
    }

    /**
     * The writer wrote: publish where it is, and its chunk when that is a new one.
     *
     * @param bytes the writer's bytes, positioned after what it wrote: over a mapped chunk of a cycle file, or not
     *              mapped at all (then nothing is done).
     */
    public void onWrittenTo(final Bytes<?> bytes)
    {
        final BytesStore<?, ?> store = bytes.bytesStore();
        if (isOff || null == store || !store.isDirectMemory())
        {
            return;
        }
        if (store != writersChunk)
        {
            writersChunk = store;
            final long start = store.addressForRead(store.start());
            // A mapped chunk's start and capacity are positions in the file: its mapping is realCapacity - start long.
            final long end = start + store.realCapacity() - store.start();
            final long next = version + 1;
            VERSION.setRelease(this, next);
            chunkStart = start;
            chunkEnd = end;
            VERSION.setRelease(this, next + 1);
        }
        WRITE_ADDRESS.setRelease(this, store.addressForWrite(bytes.writePosition()));
    }

    /**
     * Fault in up to {@link #STEP_BYTES} of the writer's chunk, ahead of its position.
     *
     * @return 1 when something was faulted in (or refused), else 0.
     */
    public int doWork()
    {
        if (isOff)
        {
            return 0;
        }
        final long before = (long)VERSION.getAcquire(this);
        final long start = chunkStart;
        final long end = chunkEnd;
        final long write = (long)WRITE_ADDRESS.getAcquire(this);
        if (0 != (before & 1) || before != (long)VERSION.getAcquire(this) || write < start || write >= end)
        {
            return 0;
        }
        if (start != populatedChunkStart || populatedUpTo < write)
        {
            populatedChunkStart = start;
            populatedUpTo = write & PAGE_MASK;
        }
        // Page aligned, as madvise needs its start to be: the chunk end is, and so is every step.
        final long target = Math.min(end, (write + AHEAD_BYTES) & PAGE_MASK);
        if (populatedUpTo >= target)
        {
            return 0;
        }
        final long length = Math.min(STEP_BYTES, target - populatedUpTo);
        if (0 != posix.madvise(populatedUpTo, length, MADV_POPULATE_WRITE))
        {
            return onRefused();
        }
        populatedUpTo += length;
        bytesPopulated += length;
        return 1;
    }

    /**
     * @return bytes faulted in so far (read by the prefaulter's thread, or after it stopped).
     */
    public long bytesPopulated()
    {
        return bytesPopulated;
    }

    /**
     * @return advice the kernel refused for a range (a chunk released meanwhile), so far.
     */
    public long refusals()
    {
        return refusals;
    }

    private int onRefused()
    {
        if (EINVAL == posix.lastError())
        {
            // This kernel has no MADV_POPULATE_WRITE (before 5.14).
            isOff = true;
            LOGGER.log(System.Logger.Level.WARNING, "journal: cannot fault pages in ahead of the writer (madvise: " +
                posix.lastErrorStr() + "); the writer takes its page faults itself");
            return 0;
        }
        refusals++;
        populatedChunkStart = 0;
        return 1;
    }
}
