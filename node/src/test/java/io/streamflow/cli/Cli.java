package io.streamflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in-process and keeps what it printed.
 */
final class Cli
{
    final int exitCode;
    final String out;
    final String err;

    private Cli(final int exitCode, final String out, final String err)
    {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static Cli run(final String... args)
    {
        return run(new StringWriter(), new StringWriter(), args);
    }

    /**
     * Run the command line on another thread, its output readable while it runs.
     */
    static Running start(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        return new Running(err, CompletableFuture.supplyAsync(() -> run(out, err, args)));
    }

    private static Cli run(final StringWriter out, final StringWriter err, final String... args)
    {
        final int exitCode = StreamFlowCli.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
        return new Cli(exitCode, out.toString(), err.toString());
    }

    /**
     * A command line running on another thread.
     *
     * @param err    what it has printed on stderr so far.
     * @param result its outcome.
     */
    record Running(StringWriter err, CompletableFuture<Cli> result)
    {
        /**
         * Wait, with a deadline, until the command has printed a text on stderr.
         */
        void awaitErr(final String text, final long timeoutMs)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!err.toString().contains(text))
            {
                if (result.isDone() || System.nanoTime() - deadlineNs > 0)
                {
                    throw new AssertionError("no '" + text + "' on stderr: " + err + (result.isDone() ?
                        "; the command ended: " + result.join() : ""));
                }
                Thread.yield();
            }
        }
    }

    public String toString()
    {
        return "exit " + exitCode + "\nout: " + out + "\nerr: " + err;
    }
}
