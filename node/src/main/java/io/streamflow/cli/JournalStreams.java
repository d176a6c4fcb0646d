package io.streamflow.cli;

import io.streamflow.engine.EngineConfiguration;
import io.streamflow.journal.StreamsFile;
import io.streamflow.protocol.StreamCatalog;

import java.io.File;

/**
 * The streams a tool reading a journal names: those given with {@code --streams}, else those the node recorded
 * beside its journal ({@link StreamsFile}), else the defaults.
 */
final class JournalStreams
{
    private JournalStreams()
    {
    }

    /**
     * @param journalDir of the node.
     * @param given      {@code --streams}, or null.
     * @return the catalog.
     */
    static StreamCatalog of(final File journalDir, final String given)
    {
        if (null != given)
        {
            return StreamCatalog.parse(given);
        }
        final StreamCatalog recorded = StreamsFile.read(journalDir);
        return null != recorded ? recorded : StreamCatalog.parse(EngineConfiguration.STREAMS_DEFAULT);
    }

    /**
     * @param catalog  the streams known.
     * @param streamId a stream id read from a journal or a snapshot.
     * @return its name, or the id marked as not configured.
     */
    static String nameOf(final StreamCatalog catalog, final int streamId)
    {
        return catalog.contains(streamId) ? catalog.nameOf(streamId) : streamId + " (not configured)";
    }
}
