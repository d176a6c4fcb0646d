package io.streamflow.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Base of every command: results go to the command line's out writer, problems to its err writer, so tests and
 * callers can capture both.
 */
abstract class ToolCommand
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out()
    {
        return spec.commandLine().getOut();
    }

    PrintWriter err()
    {
        return spec.commandLine().getErr();
    }
}
