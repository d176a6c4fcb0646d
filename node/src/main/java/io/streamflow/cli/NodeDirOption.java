package io.streamflow.cli;

import io.streamflow.journal.JournalScanner;
import picocli.CommandLine.Option;

import java.io.File;

/**
 * {@code --dir DIR}: the node directory a journal tool reads, its journal in {@code DIR/journal}.
 */
final class NodeDirOption
{
    @Option(names = "--dir", required = true, description = "Node directory (the journal is DIR/journal).")
    File dir;

    /**
     * @return the journal directory, which must hold a journal.
     * @throws IllegalArgumentException when it does not.
     */
    File journalDir()
    {
        final File journalDir = new File(dir, "journal");
        if (JournalScanner.cycleFiles(journalDir).isEmpty())
        {
            throw new IllegalArgumentException("no journal in " + journalDir);
        }
        return journalDir;
    }
}
