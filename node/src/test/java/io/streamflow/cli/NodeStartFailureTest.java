package io.streamflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that cannot start says so in one line (what, which path, what to do) and exits 2.
 */
class NodeStartFailureTest
{
    @TempDir
    File dir;

    @Test
    void aFileInPlaceOfTheDirectoryIsOneClearLine() throws Exception
    {
        final File file = new File(dir, "data");
        Files.writeString(file.toPath(), "x");

        final Cli cli = Cli.run("node", "--dir", file.getPath(), "--udp", "none", "--output-channel", "none",
            "--aeron-dir", new File(dir, "aeron").getPath());
        assertEquals(2, cli.exitCode, cli.toString());
        assertEquals(1, cli.err.lines().count(), "one line: " + cli.err);
        assertTrue(cli.err.contains("node directory " + file + " is a file, not a directory: give --dir a directory"),
            cli.err);
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsOneClearLine() throws Exception
    {
        final File file = new File(dir, "data");
        Files.writeString(file.toPath(), "x");
        final File under = new File(file, "node");

        final Cli cli = Cli.run("node", "--dir", under.getPath(), "--udp", "none", "--output-channel", "none",
            "--aeron-dir", new File(dir, "aeron").getPath());
        assertEquals(2, cli.exitCode, cli.toString());
        assertEquals(1, cli.err.lines().count(), "one line: " + cli.err);
        assertTrue(cli.err.contains("cannot create node directory " + under), cli.err);
    }
}
