package io.streamflow.journal;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.OS;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;

/**
 * Turns the kernel's read-ahead off for each chunk of a cycle file that the journal writer maps
 * ({@code madvise(MADV_RANDOM)}).
 * <p>
 * Why: the writer's first touch of each fresh page of a memory-mapped file is a page fault that reads the page in,
 * and the kernel reads ahead around it: with the block device's read-ahead (8 MB on a virtio disk) every 8 MB of
 * journal cost the writer one fault that zero-filled 8 MB of file holes, about 20 ms at 100,000 appends/s, the whole
 * p99 of a bare Chronicle append (perf/README.md). With read-ahead off each fault brings in one page, a few
 * microseconds. The journal is written once, in order, and read back by tailers that the page cache serves, so
 * read-ahead on the writer's mapping buys nothing.
 * <p>
 * Linux only; elsewhere, or when the call fails, the chunk is left as it is, and that is said once.
 * <p>
 * Not thread safe: used by the writer's thread.
 */
public final class ReadAheadOff
{
    private static final long PAGE_MASK = ~(OS.pageSize() - 1L);
    private static final System.Logger LOGGER = System.getLogger(ReadAheadOff.class.getName());

    private final PosixAPI posix = OS.isLinux() ? PosixAPI.posix() : null;
    private BytesStore<?, ?> advised;
    private int chunksAdvised;
    private long longestRangeAdvised;
    private boolean hasFailed;

    /**
     * Read-ahead stays as the kernel has it until a chunk is written to.
     */
    public ReadAheadOff()
    {
    }

    /**
     * Advise the chunk the writer writes in, if it is a new one.
     *
     * @param store the writer's bytes store: a mapped chunk of the cycle file, or not mapped at all.
     */
    public void onWriteTo(final BytesStore<?, ?> store)
    {
        if (store == advised)
        {
            return;
        }
        advised = store;
        if (null == posix || hasFailed || !store.isDirectMemory())
        {
            return;
        }
        // A mapped chunk's start and capacity are positions in the file: its mapping is realCapacity - start long.
        final long address = store.addressForRead(store.start());
        final long start = address & PAGE_MASK;
        final long length = store.realCapacity() - store.start() + (address - start);
        final int result = posix.madvise(start, length, MAdviseFlag.MADV_RANDOM);
        if (0 != result)
        {
            hasFailed = true;
            LOGGER.log(System.Logger.Level.WARNING, "journal: could not turn the kernel's read-ahead off for the " +
                "writer's mapping (madvise: " + posix.lastErrorStr() + "); appends may stall on page faults");
            return;
        }
        chunksAdvised++;
        longestRangeAdvised = Math.max(longestRangeAdvised, length);
    }

    /**
     * @return chunks whose read-ahead was turned off.
     */
    public int chunksAdvised()
    {
        return chunksAdvised;
    }

    /**
     * @return bytes of the longest range advised.
     */
    public long longestRangeAdvised()
    {
        return longestRangeAdvised;
    }
}
