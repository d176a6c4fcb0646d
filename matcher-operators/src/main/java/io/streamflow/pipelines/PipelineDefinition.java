package io.streamflow.pipelines;

import io.streamflow.stream.Flyweight;
import io.streamflow.stream.Pipeline;
import io.streamflow.stream.RecordSink;
import io.streamflow.stream.Source;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * A named pipeline a node can run: the stream it reads, the output streams it writes, and how to declare it.
 */
public interface PipelineDefinition
{
    /**
     * An output stream of a pipeline.
     *
     * @param name     clients subscribe by (the tools), unique among all pipelines.
     * @param streamId Aeron stream id on the node's output channel.
     * @param format   of its records, for rendering.
     */
    record Output(String name, int streamId, RecordFormat format)
    {
    }

    /**
     * Where the declared pipeline's input records go.
     */
    @FunctionalInterface
    interface InputRouter
    {
        /**
         * @param buffer holding an input record's payload.
         * @param offset of the payload.
         * @param length of the payload.
         * @return the source to push it into, or null when the payload is not a record this pipeline reads.
         */
        Source<?> sourceFor(DirectBuffer buffer, int offset, int length);
    }

    /**
     * The sinks of the declared pipeline's outputs.
     */
    @FunctionalInterface
    interface OutputSinks
    {
        /**
         * @param outputName one of {@link #outputs()}.
         * @param <V>        record view of what the sink takes.
         * @return a sink that writes to that output stream.
         */
        <V extends Flyweight> RecordSink<V> sink(String outputName);
    }

    /**
     * @return the name the node is started with ({@code --pipelines NAME}).
     */
    String name();

    /**
     * @return one line on what it computes.
     */
    String description();

    /**
     * @return name of the node stream it reads.
     */
    String inputStream();

    /**
     * @return format of that stream's records.
     */
    RecordFormat inputFormat();

    /**
     * @return the output streams it writes.
     */
    List<Output> outputs();

    /**
     * Declare the pipeline.
     *
     * @param pipeline to declare into.
     * @param sinks    of its outputs.
     * @return where input records go.
     */
    InputRouter declare(Pipeline pipeline, OutputSinks sinks);
}
