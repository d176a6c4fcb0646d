package io.streamflow.cli;

import io.streamflow.engine.ErrorLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streamflow errors} prints a node's error log: each distinct error once with its count; exit 1 when there are
 * errors, 0 when there are none, 2 when there is no log. The log of the run before a restart is kept.
 */
class ErrorsCommandTest
{
    @TempDir
    File dir;

    @Test
    void eachDistinctErrorIsPrintedOnceWithItsCount()
    {
        final System.Logger quiet = System.getLogger("io.streamflow.test.quiet");
        try (ErrorLog log = ErrorLog.create(dir, quiet))
        {
            for (int i = 0; i < 3; i++)
            {
                log.onError(failure("disk full while appending"));
            }
            log.onError(new IllegalArgumentException("client 7 connect: cannot publish"));

            final Cli running = Cli.run("errors", "--dir", dir.getPath());
            assertEquals(1, running.exitCode, "read while the node runs: " + running);
            assertTrue(running.out.contains("3 observations") && running.out.contains("disk full while appending"),
                running.out);
            assertTrue(running.out.contains("1 observations") && running.out.contains("client 7 connect"),
                running.out);
            assertTrue(running.out.contains("2 distinct errors"), running.out);
        }

        final Cli stopped = Cli.run("errors", "--dir", dir.getPath());
        assertEquals(1, stopped.exitCode, "and after it stopped: " + stopped);
        assertTrue(stopped.out.contains("disk full while appending"), stopped.out);
    }

    @Test
    void theLogOfTheRunBeforeIsKeptAndANewOneStartsEmpty()
    {
        final System.Logger quiet = System.getLogger("io.streamflow.test.quiet");
        try (ErrorLog log = ErrorLog.create(dir, quiet))
        {
            log.onError(failure("before the crash"));
        }
        ErrorLog.create(dir, quiet).close();

        final Cli current = Cli.run("errors", "--dir", dir.getPath());
        assertEquals(0, current.exitCode, current.toString());
        assertTrue(current.out.contains("0 distinct errors"), current.out);
        final Cli previous = Cli.run("errors", "--dir", dir.getPath(), "--previous");
        assertEquals(1, previous.exitCode, previous.toString());
        assertTrue(previous.out.contains("before the crash"), previous.out);
    }

    @Test
    void aDirectoryWithoutALogSaysSo()
    {
        final Cli none = Cli.run("errors", "--dir", new File(dir, "nothing").getPath());
        assertEquals(2, none.exitCode, none.toString());
        assertTrue(none.err.contains("no error log at"), none.err);
        assertTrue(Cli.run("errors", "--help").out.contains("Usage:"));
    }

    private static RuntimeException failure(final String message)
    {
        return new IllegalStateException(message);
    }
}
