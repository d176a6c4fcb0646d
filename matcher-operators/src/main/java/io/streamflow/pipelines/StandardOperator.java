package io.streamflow.pipelines;

import io.streamflow.matcher.InstrumentSpec;
import io.streamflow.matcher.Instruments;
import io.streamflow.matcher.MatcherOperator;
import io.streamflow.matcher.MatchingEngine;
import io.streamflow.operators.CommandRouter;
import io.streamflow.operators.EgressSink;
import io.streamflow.operators.Operator;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.protocol.StreamCatalog;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The operator a StreamFlow node runs unless told otherwise, as the command line assembles it: a
 * {@link CommandRouter} that sends order commands to a {@link MatcherOperator} (trades and top of book on the
 * market-data output stream) and records to the named shipped {@link Pipelines} (results on their output streams),
 * acknowledging each.
 * <pre>
 *   command -&gt; CommandRouter -+-&gt; orders  -&gt; MatcherOperator -&gt; execution reports, market data
 *                              +-&gt; records -&gt; PipelineOperator (its pipelines, or none) -&gt; acks, results
 * </pre>
 */
public final class StandardOperator implements Operator
{
    /** Open orders the matcher holds at most (its pre-sized order pool). */
    public static final String MAX_ORDERS_PROP_NAME = "streamflow.matcher.max.orders";
    /** Default order capacity. */
    public static final int MAX_ORDERS_DEFAULT = 1 << 16;

    /**
     * Whether the matcher publishes top of book once per batch of commands (conflated) rather than after every
     * command; false by default (measured: no gain in orders per second with the bench's mix, perf/README.md).
     */
    public static final String CONFLATE_TOP_OF_BOOK_PROP_NAME = "streamflow.matcher.conflate.top.of.book";

    /** Pipelines the node runs, by name, comma separated; none by default. */
    public static final String PIPELINES_PROP_NAME = "streamflow.pipelines";

    private final Operator router;
    private final List<String> pipelines;

    private StandardOperator(final Operator router, final List<String> pipelines)
    {
        this.router = router;
        this.pipelines = pipelines;
    }

    /**
     * @return names of the pipelines it runs over the records.
     */
    public List<String> pipelines()
    {
        return pipelines;
    }

    /**
     * {@inheritDoc}
     */
    public void onCommand(
        final long engineSequence,
        final long timestampNs,
        final int partition,
        final long partitionOffset,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final EgressSink egress)
    {
        router.onCommand(engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress);
    }

    /**
     * {@inheritDoc}
     */
    public void onBatchEnd(final EgressSink egress)
    {
        router.onBatchEnd(egress);
    }

    /**
     * {@inheritDoc}
     */
    public int[] outputStreamIds()
    {
        return router.outputStreamIds();
    }

    /**
     * {@inheritDoc}
     */
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return router.snapshot(buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        router.restore(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public String restoreChanges()
    {
        return router.restoreChanges();
    }

    /**
     * What the standard operator is made of. Defaults from the properties above; {@link #newOperator()} builds one.
     */
    public static final class Context
    {
        private List<InstrumentSpec> instruments = Instruments.defaults();
        private int maxOrders = Integer.getInteger(MAX_ORDERS_PROP_NAME, MAX_ORDERS_DEFAULT);
        private int clientOrderIdMemory = MatchingEngine.Context.CLIENT_ORDER_ID_MEMORY_DEFAULT;
        private boolean conflateTopOfBook = Boolean.parseBoolean(
            System.getProperty(CONFLATE_TOP_OF_BOOK_PROP_NAME, "false"));
        private List<String> pipelines = Arrays.stream(System.getProperty(PIPELINES_PROP_NAME, "").split(","))
            .map(String::trim).filter((name) -> !name.isEmpty()).toList();
        private Map<String, Integer> streamIdsByName = StreamCatalog.parse(ProtocolDefaults.STREAMS).idsByName();
        private int marketDataStreamId = ProtocolDefaults.MARKET_DATA_STREAM_ID;

        /**
         * @param instruments the matcher trades.
         * @return this for a fluent API.
         */
        public Context instruments(final List<InstrumentSpec> instruments)
        {
            this.instruments = List.copyOf(instruments);
            return this;
        }

        /**
         * @return instruments the matcher trades.
         */
        public List<InstrumentSpec> instruments()
        {
            return instruments;
        }

        /**
         * @param maxOrders open orders the matcher holds at most.
         * @return this for a fluent API.
         */
        public Context maxOrders(final int maxOrders)
        {
            this.maxOrders = maxOrders;
            return this;
        }

        /**
         * @return open orders the matcher holds at most.
         */
        public int maxOrders()
        {
            return maxOrders;
        }

        /**
         * @param clientOrderIdMemory client order ids each account remembers per UTC day (FIX: ClOrdID unique per
         *                            day; {@link MatchingEngine.Context#clientOrderIdMemory(int)}).
         * @return this for a fluent API.
         */
        public Context clientOrderIdMemory(final int clientOrderIdMemory)
        {
            this.clientOrderIdMemory = clientOrderIdMemory;
            return this;
        }

        /**
         * @return client order ids each account remembers per day.
         */
        public int clientOrderIdMemory()
        {
            return clientOrderIdMemory;
        }

        /**
         * @param conflateTopOfBook publish top of book once per batch of commands rather than after every command.
         * @return this for a fluent API.
         */
        public Context conflateTopOfBook(final boolean conflateTopOfBook)
        {
            this.conflateTopOfBook = conflateTopOfBook;
            return this;
        }

        /**
         * @return whether top of book is published once per batch of commands.
         */
        public boolean conflateTopOfBook()
        {
            return conflateTopOfBook;
        }

        /**
         * @param pipelines names of the shipped pipelines (see {@link Pipelines}) to run over the records of their
         *                  streams.
         * @return this for a fluent API.
         */
        public Context pipelines(final List<String> pipelines)
        {
            this.pipelines = List.copyOf(pipelines);
            return this;
        }

        /**
         * @return names of the pipelines to run.
         */
        public List<String> pipelines()
        {
            return pipelines;
        }

        /**
         * @param streamIdsByName the node's streams, where each pipeline finds its input; by default
         *                        {@link ProtocolDefaults#STREAMS}.
         * @return this for a fluent API.
         */
        public Context streamIdsByName(final Map<String, Integer> streamIdsByName)
        {
            this.streamIdsByName = Map.copyOf(streamIdsByName);
            return this;
        }

        /**
         * @param marketDataStreamId output stream of trades and top-of-book changes.
         * @return this for a fluent API.
         */
        public Context marketDataStreamId(final int marketDataStreamId)
        {
            this.marketDataStreamId = marketDataStreamId;
            return this;
        }

        /**
         * @return rules and capacities of the matcher, from {@link #instruments()} and {@link #maxOrders()}: a new
         * context each call.
         */
        public MatchingEngine.Context matcherContext()
        {
            final MatchingEngine.Context matcher = new MatchingEngine.Context()
                .conflateTopOfBook(conflateTopOfBook)
                .maxOrders(maxOrders)
                .maxPriceLevels(Math.max(1024, maxOrders / 4))
                .maxOrdersPerAccount(maxOrders)
                .clientOrderIdMemory(clientOrderIdMemory);
            instruments.forEach(matcher::instrument);
            return matcher.conclude();
        }

        /**
         * @return a new operator, in its initial state.
         * @throws IllegalArgumentException when a pipeline is unknown or reads a stream the node does not have.
         */
        public StandardOperator newOperator()
        {
            // Pipelines or none, the records go through a PipelineOperator: its snapshot names what it runs, so that
            // pipelines can be added to or removed from a node with history.
            final Operator records = new PipelineOperator(
                pipelines.stream().map(Pipelines::named).toList(), streamIdsByName);
            return new StandardOperator(
                new CommandRouter(records, new MatcherOperator(matcherContext(), marketDataStreamId)), pipelines);
        }
    }
}
