package io.streamflow.sequencer;

import io.aeron.CncFileDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.Optional;

/**
 * A media driver directory whose driver's process has died (a {@code kill -9} of the node that embedded it): Aeron
 * would refuse a new driver there until the old one's heartbeat times out (10 s), although nothing will ever answer
 * on it again. The driver's pid is in its {@code cnc.dat}; when no process of that pid runs (or one that started
 * after the driver did), the directory is the dead one's and may be removed at once.
 */
final class DeadDriverDirectory
{
    private DeadDriverDirectory()
    {
    }

    /**
     * Remove a media driver directory when the process of its driver is gone.
     *
     * @param aeronDir the directory a driver is about to be launched in.
     * @param logger   told when a dead driver's directory is removed.
     * @return true when a dead driver's directory was removed.
     */
    static boolean removeIfDead(final File aeronDir, final System.Logger logger)
    {
        final File cnc = new File(aeronDir, CncFileDescriptor.CNC_FILE);
        if (!cnc.isFile() || cnc.length() < CncFileDescriptor.META_DATA_LENGTH)
        {
            return false;
        }

        final long pid;
        final long startMs;
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc, "cnc");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final int version = metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0));
            if (0 == version)
            {
                return false;
            }
            pid = metaData.getLong(CncFileDescriptor.pidOffset(0));
            startMs = metaData.getLong(CncFileDescriptor.startTimestampOffset(0));
        }
        finally
        {
            IoUtil.unmap(mapped);
        }

        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        final boolean alive = process.isPresent() && process.get().isAlive() && process.get().info().startInstant()
            .map((start) -> start.toEpochMilli() <= startMs).orElse(true);
        if (alive || ProcessHandle.current().pid() == pid)
        {
            return false;
        }

        logger.log(System.Logger.Level.INFO, "media driver directory " + aeronDir + " was left by process " + pid +
            ", which is gone: removed, so that a new driver starts at once");
        IoUtil.delete(aeronDir, false);
        return true;
    }
}
