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
}
