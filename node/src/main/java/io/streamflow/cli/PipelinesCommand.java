package io.streamflow.cli;

import io.streamflow.pipelines.PipelineDefinition;
import io.streamflow.pipelines.Pipelines;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code streamflow pipelines}: the pipelines a node can run, what they read and where their results go.
 */
@Command(
    name = "pipelines",
    mixinStandardHelpOptions = true,
    description = {
        "List the pipelines a node can run (node --pipelines NAME,...): the stream each reads, the output streams",
        "it writes (consume --output NAME), and what it computes."
    })
final class PipelinesCommand extends ToolCommand implements Callable<Integer>
{
    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        for (final PipelineDefinition definition : Pipelines.shipped())
        {
            out().println(definition.name() + ": reads stream '" + definition.inputStream() + "', writes " +
                definition.outputs().stream().map((o) -> o.name() + " (stream " + o.streamId() + ")")
                    .collect(Collectors.joining(", ")));
            out().println("    " + definition.description());
        }
        out().flush();
        return 0;
    }
}
