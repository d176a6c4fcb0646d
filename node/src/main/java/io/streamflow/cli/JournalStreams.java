package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.EngineConfiguration;
import io.streamflow.journal.StreamsFile;
import io.streamflow.protocol.StreamCatalog;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * The streams a tool names: reading a journal, those given with {@code --streams}, else those the node recorded
 * beside its journal ({@link StreamsFile}), else the defaults; talking to a running node, those given, else the
 * defaults, else (for a name they lack: a stream created at run time) those the node lists.
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
     * @param options of the running node's client: asked only for a stream name the defaults lack.
     * @param given   {@code --streams}, or null.
     * @param stream  the name or id the tool was given.
     * @return the catalog, to resolve the stream in.
     */
    static StreamCatalog ofNode(final ClientOptions options, final String given, final String stream)
    {
        final StreamCatalog known = StreamCatalog.parse(null != given ? given : EngineConfiguration.STREAMS_DEFAULT);
        if (null != given || known.containsName(stream) || stream.chars().allMatch(Character::isDigit))
        {
            return known;
        }
        try (StreamFlowClient client = options.connect())
        {
            return StreamCatalog.parse(client.listStreams(TimeUnit.SECONDS.toNanos(10)).streams());
        }
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
