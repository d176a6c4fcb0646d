package io.streamflow.sequencer;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs a class of the test's own class path with the test JVM's flags and
 * threading mode.
 */
public final class ChildJvm
{
    private static final int TAIL_LINES = 60;

    private ChildJvm()
    {
    }

    /**
     * @param output a child's output file.
     * @return its last lines, for a failure message; what it says when there is none.
     */
    public static String tail(final File output)
    {
        try
        {
            final List<String> lines = Files.readAllLines(output.toPath());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no output: " + ex + ")";
        }
    }

    /**
     * @param mainClass to run.
     * @param args      its arguments.
     * @return the command line.
     */
    public static List<String> command(final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + NodeConfiguration.THREADING_MODE_PROP_NAME + "=" +
            System.getProperty(NodeConfiguration.THREADING_MODE_PROP_NAME, "SHARED"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }
}
