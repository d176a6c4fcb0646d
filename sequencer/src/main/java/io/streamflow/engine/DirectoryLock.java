package io.streamflow.engine;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One owner per node directory: an exclusive OS lock on {@value #FILE_NAME}, held for the owner's lifetime and
 * released by the operating system when the process dies, so that a {@code kill -9} never leaves the directory
 * locked. The file names the holder (pid, start time, media driver directory) for the message a second node gets,
 * and for the next owner to recognise the media driver its dead predecessor left behind.
 * <p>
 * Also the first check of the directory itself: a file in its place, a path that cannot be created or a directory
 * that cannot be written is refused here with one clear line, before anything else touches it.
 */
public final class DirectoryLock implements AutoCloseable
{
    /** Name of the lock file in a node directory. */
    public static final String FILE_NAME = "node.lock";

    private final File dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;

    private DirectoryLock(final File dir, final FileChannel channel, final FileLock lock, final String previousHolder)
    {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
    }

    /**
     * Take the directory, creating it if needed.
     *
     * @param dir       node directory.
     * @param aeronDir  media driver directory the node uses, recorded for the next owner.
     * @return the lock, to close when the node has closed everything in the directory.
     * @throws IllegalStateException with one line saying what is wrong, which path, and what to do.
     */
    public static DirectoryLock acquire(final File dir, final String aeronDir)
    {
        if (dir.exists() && !dir.isDirectory())
        {
            throw new IllegalStateException("node directory " + dir + " is a file, not a directory: give --dir a " +
                "directory (it is created if missing)");
        }
        if (!dir.isDirectory() && !dir.mkdirs())
        {
            throw new IllegalStateException("cannot create node directory " + dir + ": check that its parent " +
                "exists, is a directory and is writable");
        }

        final File file = new File(dir, FILE_NAME);
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write in node directory " + dir + " (" + ex.getMessage() +
                "): a node needs a writable directory of its own; check its permissions and free space", ex);
        }

        try
        {
            final String holder = read(channel);
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                throw inUse(dir, holder);
            }
            if (null == lock)
            {
                throw inUse(dir, holder);
            }

            final ProcessHandle self = ProcessHandle.current();
            final String record = "pid=" + self.pid() + " started=" +
                self.info().startInstant().map(Instant::toString).orElse("unknown") + " aeronDir=" + aeronDir + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(record.getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DirectoryLock(dir, channel, lock, holder);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock node directory " + dir + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    /**
     * @return what the lock file said of the owner before this one (pid, start time, media driver directory), empty
     * when there was none.
     */
    public String previousHolder()
    {
        return previousHolder;
    }

    /**
     * @return the directory held.
     */
    public File dir()
    {
        return dir;
    }

    /**
     * Release the directory; the lock file stays, naming the last owner.
     */
    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // Released by the OS when the channel closes, below.
        }
        closeQuietly(channel);
    }

    private static IllegalStateException inUse(final File dir, final String holder)
    {
        final String pid = field(holder, "pid");
        return new IllegalStateException("node directory " + dir + " is in use by " +
            (pid.isEmpty() ? "another process" : "the node with pid " + pid) + " (lock " +
            new File(dir, FILE_NAME) + "): stop that node first, or give this one another --dir");
    }

    /**
     * @param holder what a lock file says.
     * @param name   of a field in it.
     * @return the field's value, or empty.
     */
    static String field(final String holder, final String name)
    {
        for (final String part : holder.trim().split(" "))
        {
            if (part.startsWith(name + "="))
            {
                return part.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static String read(final FileChannel channel) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Nothing left to release.
        }
    }
}
