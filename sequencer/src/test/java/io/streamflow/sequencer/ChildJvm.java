package io.streamflow.sequencer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs a class of the test's own class path with the test JVM's flags and
 * threading mode.
 */
public final class ChildJvm
{
    private ChildJvm()
    {
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
