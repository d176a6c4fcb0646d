package io.streamflow.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The pipelines a node can run, by name: those that ship with StreamFlow (the Nexmark queries and the telemetry
 * example), and any a jar on the class path declares as a service: a {@link PipelineDefinition} implementation with
 * a public no-argument constructor, named in {@code META-INF/services/io.streamflow.pipelines.PipelineDefinition}.
 */
public final class Pipelines
{
    private static final List<PipelineDefinition> SHIPPED;

    static
    {
        final List<PipelineDefinition> shipped = new ArrayList<>(NexmarkPipelines.all());
        shipped.add(new TelemetryPipeline());
        for (final PipelineDefinition definition : ServiceLoader.load(PipelineDefinition.class))
        {
            if (shipped.stream().anyMatch((d) -> d.name().equals(definition.name())))
            {
                throw new IllegalStateException("two pipelines are named " + definition.name() + ": " +
                    definition.getClass().getName() + " and another");
            }
            shipped.add(definition);
        }
        SHIPPED = Collections.unmodifiableList(shipped);
    }

    private Pipelines()
    {
    }

    /**
     * @return every pipeline: the shipped ones, then those found on the class path.
     */
    public static List<PipelineDefinition> shipped()
    {
        return SHIPPED;
    }

    /**
     * @param name of a shipped pipeline.
     * @return its definition.
     * @throws IllegalArgumentException naming the pipelines there are, when there is none of that name.
     */
    public static PipelineDefinition named(final String name)
    {
        for (final PipelineDefinition definition : SHIPPED)
        {
            if (definition.name().equals(name))
            {
                return definition;
            }
        }
        throw new IllegalArgumentException("no pipeline '" + name + "'; there are " + names());
    }

    /**
     * @param outputName name of an output stream of a shipped pipeline.
     * @return the output, or null when there is none of that name.
     */
    public static PipelineDefinition.Output output(final String outputName)
    {
        for (final PipelineDefinition definition : SHIPPED)
        {
            for (final PipelineDefinition.Output output : definition.outputs())
            {
                if (output.name().equals(outputName))
                {
                    return output;
                }
            }
        }
        return null;
    }

    /**
     * @param streamName name of a node stream.
     * @return the format of its records when a shipped pipeline reads it, else null.
     */
    public static RecordFormat inputFormat(final String streamName)
    {
        for (final PipelineDefinition definition : SHIPPED)
        {
            if (definition.inputStream().equals(streamName))
            {
                return definition.inputFormat();
            }
        }
        return null;
    }

    /**
     * @return names of the shipped pipelines.
     */
    public static List<String> names()
    {
        return SHIPPED.stream().map(PipelineDefinition::name).toList();
    }
}
