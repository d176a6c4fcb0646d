package io.streamflow.cli;

import io.streamflow.engine.ErrorLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code streamflow errors}: a node's error log, as Aeron's {@code ErrorStat} prints a media driver's: each distinct
 * error once, with how often and when it was seen. Works while the node runs and after it stopped or died.
 */
@Command(
    name = "errors",
    mixinStandardHelpOptions = true,
    description = {
        "Print a node's error log (DIR/" + ErrorLog.FILE_NAME + "): each distinct error with its count, first and",
        "last time seen, and stack trace. Exit 0 when the log is empty, 1 when it holds errors, 2 when there is",
        "no log."
    })
final class ErrorsCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", required = true, description = "Node directory.")
    File dir;

    @Option(names = "--previous", description = "The log of the run before the last start (" +
        ErrorLog.PREVIOUS_FILE_NAME + "), kept when it held errors.")
    boolean previous;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        final File log = new File(dir, previous ? ErrorLog.PREVIOUS_FILE_NAME : ErrorLog.FILE_NAME);
        if (!log.exists())
        {
            err().println("streamflow errors: no error log at " + log + (previous ? " (the run before had no " +
                "errors, or there was none)" : " (no node has run in " + dir + ")"));
            return 2;
        }

        final int distinct = ErrorLog.read(log, (count, firstMs, lastMs, text) ->
        {
            out().println(count + " observations from " + Instant.ofEpochMilli(firstMs) + " to " +
                Instant.ofEpochMilli(lastMs) + " for:");
            out().println(" " + text.stripTrailing());
        });
        out().println(distinct + " distinct errors in " + log);
        out().flush();
        return 0 == distinct ? 0 : 1;
    }
}
