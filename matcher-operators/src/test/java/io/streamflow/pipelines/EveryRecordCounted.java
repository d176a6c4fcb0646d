package io.streamflow.pipelines;

import io.streamflow.stream.Aggregations;
import io.streamflow.stream.Pipeline;
import io.streamflow.stream.RecordView;
import io.streamflow.stream.Source;
import io.streamflow.stream.WindowSpec;

import java.util.List;

/**
 * A pipeline declared outside StreamFlow and found as a service: records of the "records" stream counted per
 * processing-time second. Shows what a user writes to run a pipeline of their own by name.
 */
public final class EveryRecordCounted implements PipelineDefinition
{
    private static final RecordFormat COUNTS = new WindowResultFormat(null, "records");

    /**
     * A record's bytes, whatever they are.
     */
    static final class AnyRecord extends RecordView
    {
    }

    public String name()
    {
        return "records-per-second";
    }

    public String description()
    {
        return "records of the records stream, counted per second of processing time";
    }

    public String inputStream()
    {
        return "records";
    }

    public RecordFormat inputFormat()
    {
        return null;
    }

    public List<Output> outputs()
    {
        return List.of(new Output("records-per-second", 2900, COUNTS));
    }

    public InputRouter declare(final Pipeline pipeline, final OutputSinks sinks)
    {
        pipeline.processingTimeSource("all", new AnyRecord())
            .keyBy((r) -> 0L)
            .window(WindowSpec.tumbling(1_000_000_000L))
            .aggregate(Aggregations.count())
            .to(sinks.sink("records-per-second"));
        final Source<?> all = pipeline.source("all");
        return (buffer, offset, length) -> all;
    }
}
