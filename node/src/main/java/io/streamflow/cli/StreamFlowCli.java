package io.streamflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code streamflow}: the node, its clients and its tools.
 */
@Command(
    name = "streamflow",
    mixinStandardHelpOptions = true,
    version = "StreamFlow 0.1.0",
    description = "Low-latency single-writer streaming engine: Aeron in, Disruptor ring, Chronicle journal.",
    subcommands = {
        NodeCommand.class,
        ClusterCommand.class,
        ClusterNodeCommand.class,
        DemoCommand.class,
        LoadCommand.class,
        ProduceCommand.class,
        ConsumeCommand.class,
        StreamsCommand.class,
        GroupsCommand.class,
        OrdersCommand.class,
        GatewayBinaryCommand.class,
        GatewayFixCommand.class,
        PipelinesCommand.class,
        ReplayCommand.class,
        JournalCommand.class,
        ErrorsCommand.class,
        CredentialsCommand.class,
        CommandLine.HelpCommand.class
    })
public final class StreamFlowCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Run the command line.
     *
     * @param args as given.
     */
    public static void main(final String[] args)
    {
        configureLogging();
        System.exit(commandLine().execute(args));
    }

    /**
     * @return the command line, for tests to execute in-process.
     */
    public static CommandLine commandLine()
    {
        return new CommandLine(new StreamFlowCli())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                // One line for the person; the stack trace for the log only (shown at DEBUG).
                commandLine.getErr().println("streamflow " + commandLine.getCommandName() + ": " + describe(ex));
                System.getLogger("io.streamflow.cli").log(System.Logger.Level.DEBUG,
                    "streamflow " + commandLine.getCommandName() + " failed", ex);
                return 2;
            });
    }

    /**
     * {@inheritDoc}
     */
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String describe(final Exception ex)
    {
        final String message = ex.getMessage();
        return null == message ? ex.toString() : message;
    }

    /**
     * Warnings only from libraries, information from StreamFlow, all on stderr so stdout carries only results.
     * A {@code java.util.logging.config.file} given on the command line wins.
     */
    private static void configureLogging()
    {
        if (null != System.getProperty("java.util.logging.config.file"))
        {
            return;
        }

        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        final Logger root = Logger.getLogger("");
        for (final java.util.logging.Handler handler : root.getHandlers())
        {
            root.removeHandler(handler);
        }
        final ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        Logger.getLogger("io.streamflow").setLevel(Level.INFO);
    }
}
