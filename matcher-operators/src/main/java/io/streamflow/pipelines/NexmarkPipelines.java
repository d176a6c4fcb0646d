package io.streamflow.pipelines;

import io.streamflow.stream.Pipeline;
import io.streamflow.stream.RecordSink;
import io.streamflow.stream.nexmark.Nexmark;
import io.streamflow.stream.nexmark.NexmarkQueries;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The Nexmark queries as pipelines a node runs ({@code nexmark-q0} ... {@code nexmark-q11}), each reading the
 * {@code nexmark} stream and writing its results to an output stream of its own name.
 */
public final class NexmarkPipelines
{
    /** Name of the stream of Nexmark events. */
    public static final String INPUT_STREAM = "nexmark";

    /** Bound on the disorder of event times in the input. */
    public static final long MAX_OUT_OF_ORDERNESS_NS = 1_000_000_000L;

    /** First output stream id; a query's is this plus its number. */
    public static final int OUTPUT_STREAM_ID_BASE = 2000;

    private NexmarkPipelines()
    {
    }

    /**
     * @return q0, q1, q2, q5, q7, q8 and q11.
     */
    public static List<PipelineDefinition> all()
    {
        return List.of(
            bids(0, "pass-through: every bid", NexmarkQueries::q0),
            bids(1, "currency conversion: every bid with its price in euros", NexmarkQueries::q1),
            bids(2, "selection: the bids on auctions whose id is a multiple of " +
                NexmarkQueries.SELECTED_AUCTION_MODULUS, NexmarkQueries::q2),
            query(5, "hot items: the auction with the most bids in each 10 s window sliding by 2 s",
                new WindowResultFormat(WindowResultFormat.keyNamed("auction"), null, "bids"),
                (in, out) -> NexmarkQueries.q5(in, out.sink(outputName(5)))),
            query(7, "highest bid of each 10 s tumbling window",
                new WindowResultFormat(null, "bids", "price", "auction"),
                (in, out) -> NexmarkQueries.q7(in, out.sink(outputName(7)))),
            query(8, "new people who opened an auction in the 10 s window they joined", NexmarkFormats.PERSON_AUCTION,
                (in, out) -> NexmarkQueries.q8(in, out.sink(outputName(8)))),
            query(11, "bids per bidder per session (gap 0.5 s)",
                new WindowResultFormat(WindowResultFormat.keyNamed("bidder"), null, "bids"),
                (in, out) -> NexmarkQueries.q11(in, out.sink(outputName(11)))));
    }

    /**
     * @param query number.
     * @return the name of its pipeline and of its output stream.
     */
    public static String outputName(final int query)
    {
        return "nexmark-q" + query;
    }

    private static PipelineDefinition bids(
        final int number,
        final String description,
        final BiConsumer<NexmarkQueries.Sources, RecordSink<Nexmark.Bid>> query)
    {
        return query(number, description, NexmarkFormats.BID,
            (in, out) -> query.accept(in, out.sink(outputName(number))));
    }

    private static PipelineDefinition query(
        final int number,
        final String description,
        final RecordFormat outputFormat,
        final BiConsumer<NexmarkQueries.Sources, PipelineDefinition.OutputSinks> declare)
    {
        final List<PipelineDefinition.Output> outputs = List.of(
            new PipelineDefinition.Output(outputName(number), OUTPUT_STREAM_ID_BASE + number, outputFormat));
        return new PipelineDefinition()
        {
            public String name()
            {
                return outputName(number);
            }

            public String description()
            {
                return "Nexmark q" + number + ", " + description;
            }

            public String inputStream()
            {
                return INPUT_STREAM;
            }

            public RecordFormat inputFormat()
            {
                return NexmarkFormats.EVENTS;
            }

            public List<Output> outputs()
            {
                return outputs;
            }

            public InputRouter declare(final Pipeline pipeline, final OutputSinks sinks)
            {
                declare.accept(NexmarkQueries.sources(pipeline, MAX_OUT_OF_ORDERNESS_NS), sinks);
                return new NexmarkInput(pipeline);
            }
        };
    }
}
