package io.streamflow.journal;

import io.streamflow.protocol.StreamCatalog;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * The streams a journal's writer was configured with ({@code name=id[:partitions],...}), kept beside the journal in
 * {@value #NAME} so that the tools reading the journal name its streams and partitions as the node did. Written
 * whole at each start (a temporary file renamed over the old one), read by anyone.
 */
public final class StreamsFile
{
    /** Name of the file in the journal directory. */
    public static final String NAME = "streams.conf";

    private StreamsFile()
    {
    }

    /**
     * @param journalDir of the node, which exists.
     * @param streams    the node appends to.
     */
    public static void write(final File journalDir, final StreamCatalog streams)
    {
        final File file = new File(journalDir, NAME);
        final File temporary = new File(journalDir, NAME + ".tmp");
        try
        {
            Files.writeString(temporary.toPath(), "# streams of this journal, as name=id:partitions; written by the " +
                "node at each start\n" + streams.toSpec() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary.toPath(), file.toPath(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * @param journalDir of a node.
     * @return the streams its node last started with, or null when it recorded none (a journal from before).
     * @throws IllegalArgumentException when the file is there but is not a stream list.
     */
    public static StreamCatalog read(final File journalDir)
    {
        final File file = new File(journalDir, NAME);
        if (!file.isFile())
        {
            return null;
        }
        try
        {
            for (final String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8))
            {
                final String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#"))
                {
                    return StreamCatalog.parse(trimmed);
                }
            }
            throw new IllegalArgumentException(file + " names no streams");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }
}
