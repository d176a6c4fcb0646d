package io.streamflow.cli;

import java.io.File;

/**
 * Where short-lived media driver directories go.
 */
final class TempDirs
{
    private TempDirs()
    {
    }

    /**
     * @return {@code /dev/shm} where the machine has it (Aeron's buffers are fastest in memory), else the temp dir.
     */
    static File sharedMemoryOrTemp()
    {
        final File shm = new File("/dev/shm");
        return shm.isDirectory() && shm.canWrite() ? shm : new File(System.getProperty("java.io.tmpdir"));
    }

    /**
     * A new directory name for a media driver of this process: {@code prefix-pid-random}. Directories of the same
     * prefix left by processes that are gone (killed before they could remove theirs) are removed first.
     *
     * @param prefix of the directory names, e.g. {@code streamflow-client}.
     * @return the new directory's path (not created).
     */
    static File newDriverDir(final String prefix)
    {
        final File parent = sharedMemoryOrTemp();
        final File[] leftovers = parent.listFiles((dir, name) -> name.startsWith(prefix + "-"));
        for (final File leftover : null == leftovers ? new File[0] : leftovers)
        {
            final String[] parts = leftover.getName().substring(prefix.length() + 1).split("-");
            try
            {
                final long pid = Long.parseLong(parts[0]);
                if (ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true))
                {
                    org.agrona.IoUtil.delete(leftover, true);
                }
            }
            catch (final NumberFormatException ignore)
            {
                // Not one of ours.
            }
        }
        return new File(parent, prefix + "-" + ProcessHandle.current().pid() + "-" +
            java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20));
    }
}
