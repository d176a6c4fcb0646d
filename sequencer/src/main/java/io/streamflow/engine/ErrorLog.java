package io.streamflow.engine;

import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * A node's error log, as Aeron keeps its media driver's: a {@link DistinctErrorLog} in a memory-mapped file of the
 * node directory ({@value #FILE_NAME}), which holds each distinct error once with how often and when it was seen, and
 * which another process reads while the node runs or after it died ({@code streamflow errors}). Each error is also
 * logged once to the node's logger. Counting is the caller's: wrap this in Agrona's {@code CountedErrorHandler}.
 * <p>
 * A launch keeps the log of the run before as {@value #PREVIOUS_FILE_NAME} when it holds errors, so a crash's errors
 * survive the restart that follows it.
 * <p>
 * Thread safe: any thread may report; reports after {@link #close()} go to the logger only.
 */
public final class ErrorLog implements ErrorHandler, AutoCloseable
{
    /** Name of the error log file in a node directory. */
    public static final String FILE_NAME = "errors.dat";
    /** Name the error log of the run before is kept under. */
    public static final String PREVIOUS_FILE_NAME = "errors-previous.dat";
    /** Size of the error log file. */
    public static final int LENGTH_DEFAULT = 1024 * 1024;

    private final System.Logger logger;
    private final MappedByteBuffer mapped;
    private final DistinctErrorLog log;
    private boolean isClosed;

    private ErrorLog(final File file, final int length, final System.Logger logger)
    {
        this.logger = logger;
        this.mapped = IoUtil.mapNewFile(file, length);
        this.log = new DistinctErrorLog(new UnsafeBuffer(mapped), SystemEpochClock.INSTANCE);
    }

    /**
     * Create a new, empty error log in a node directory, keeping the one before as {@value #PREVIOUS_FILE_NAME} if it
     * holds errors.
     *
     * @param dir    node directory.
     * @param logger each error is also logged to.
     * @return the open log.
     */
    public static ErrorLog create(final File dir, final System.Logger logger)
    {
        final File file = new File(dir, FILE_NAME);
        try
        {
            Files.createDirectories(dir.toPath());
            if (file.exists())
            {
                if (read(file, (count, first, last, text) -> {}) > 0)
                {
                    Files.move(file.toPath(), new File(dir, PREVIOUS_FILE_NAME).toPath(),
                        StandardCopyOption.REPLACE_EXISTING);
                }
                else
                {
                    Files.delete(file.toPath());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the error log " + file, ex);
        }
        return new ErrorLog(file, LENGTH_DEFAULT, logger);
    }

    /**
     * Read an error log file, written by a running node or one that has stopped.
     *
     * @param file     the log.
     * @param consumer given each distinct error: observation count, first and last time seen (ms since the epoch),
     *                 and the error with its stack trace.
     * @return number of distinct errors read; 0 when the file does not exist.
     */
    public static int read(final File file, final ErrorConsumer consumer)
    {
        if (!file.exists())
        {
            return 0;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "error log");
        try
        {
            return ErrorLogReader.read(new UnsafeBuffer(mapped), consumer);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * Record an error in the log and log it.
     *
     * @param throwable the error.
     */
    public synchronized void onError(final Throwable throwable)
    {
        if (!isClosed && !log.record(throwable))
        {
            logger.log(System.Logger.Level.ERROR, "streamflow error log is full; this error is logged only here");
        }
        logger.log(System.Logger.Level.ERROR, "streamflow node error", throwable);
    }

    /**
     * Unmap the log; it stays on disk for {@code streamflow errors}.
     */
    public synchronized void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            IoUtil.unmap(mapped);
        }
    }
}
