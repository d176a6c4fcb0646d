package io.streamflow.engine;

import io.streamflow.journal.StreamsFile;
import io.streamflow.protocol.StreamCatalog;
import org.agrona.ErrorHandler;

import java.io.File;
import java.io.UncheckedIOException;

/**
 * The node's streams as the operator stage has applied them, for the threads that serve the log (listing streams,
 * following one) and, through the streams file beside the journal ({@link StreamsFile}), for the tools that read a
 * journal on disk. A stream created at run time is published once its {@code CreateStream} is applied, before the
 * command is acknowledged: a client that is told its stream was created finds it listed.
 * <p>
 * Published by one thread at a time (the engine at launch and at a host's restore, then the operator stage), read by
 * any.
 */
public final class PublishedStreams
{
    private final File journalDir;
    private final ErrorHandler errorHandler;
    private StreamCatalog written;
    private volatile StreamCatalog catalog;

    PublishedStreams(final File journalDir, final ErrorHandler errorHandler)
    {
        this.journalDir = journalDir;
        this.errorHandler = errorHandler;
    }

    /**
     * @return the streams as of the last command applied.
     */
    public StreamCatalog catalog()
    {
        return catalog;
    }

    /**
     * Publish the streams, and record them beside the journal, when they differ from those published last: a
     * reference compare, allocation free but for a change.
     *
     * @param latest the streams as of the last command applied.
     */
    void publish(final StreamCatalog latest)
    {
        if (latest != written)
        {
            written = latest;
            catalog = latest;
            try
            {
                StreamsFile.write(journalDir, latest);
            }
            catch (final UncheckedIOException ex)
            {
                errorHandler.onError(ex);
            }
        }
    }
}
