package io.streamflow.stream.nexmark;

import io.streamflow.stream.Aggregations;
import io.streamflow.stream.DataStream;
import io.streamflow.stream.Pipeline;
import io.streamflow.stream.RecordSink;
import io.streamflow.stream.WindowResult;
import io.streamflow.stream.WindowSpec;

/**
 * Nexmark queries q0, q1, q2, q5, q7, q8 and q11, declared with the pipeline API. Each takes a pipeline with
 * sources "persons", "auctions" and "bids" and sends its results to a sink.
 */
public final class NexmarkQueries
{
    /** q5's sliding window. */
    public static final long HOT_ITEMS_WINDOW_NS = 10_000_000_000L;
    /** q5's slide. */
    public static final long HOT_ITEMS_SLIDE_NS = 2_000_000_000L;
    /** q7's and q8's tumbling window. */
    public static final long TUMBLING_WINDOW_NS = 10_000_000_000L;
    /** q11's session gap. */
    public static final long SESSION_GAP_NS = 500_000_000L;
    /** q2 selects the bids on auctions whose id is a multiple of this. */
    public static final long SELECTED_AUCTION_MODULUS = 7;
    /** q1's dollar to euro rate, per thousand. */
    public static final long EUROS_PER_THOUSAND_DOLLARS = 908;

    private NexmarkQueries()
    {
    }

    /**
     * The three sources, in event time with the given bound on disorder.
     */
    public static final class Sources
    {
        private final DataStream<Nexmark.Person> persons;
        private final DataStream<Nexmark.Auction> auctions;
        private final DataStream<Nexmark.Bid> bids;

        Sources(final Pipeline pipeline, final long maxOutOfOrdernessNs)
        {
            persons = pipeline.source("persons", new Nexmark.Person(), Nexmark.Person::dateTime, maxOutOfOrdernessNs);
            auctions = pipeline.source("auctions", new Nexmark.Auction(), Nexmark.Auction::dateTime,
                maxOutOfOrdernessNs);
            bids = pipeline.source("bids", new Nexmark.Bid(), Nexmark.Bid::dateTime, maxOutOfOrdernessNs);
        }
    }

    /**
     * Declare the sources "persons", "auctions" and "bids".
     *
     * @param pipeline            to declare them in.
     * @param maxOutOfOrdernessNs bound on disorder of each.
     * @return the sources.
     */
    public static Sources sources(final Pipeline pipeline, final long maxOutOfOrdernessNs)
    {
        return new Sources(pipeline, maxOutOfOrdernessNs);
    }

    /**
     * q0: pass-through.
     *
     * @param in  the sources.
     * @param out where the results go.
     */
    public static void q0(final Sources in, final RecordSink<Nexmark.Bid> out)
    {
        in.bids.to(out);
    }

    /**
     * q1: currency conversion, dollars to euros.
     *
     * @param in  the sources.
     * @param out where the results go.
     */
    public static void q1(final Sources in, final RecordSink<Nexmark.Bid> out)
    {
        in.bids.map((bid, buffer) -> Nexmark.Bid.encode(buffer, bid.auction(), bid.bidder(),
            bid.price() * EUROS_PER_THOUSAND_DOLLARS / 1000, bid.dateTime(), bid.channel()), new Nexmark.Bid())
            .to(out);
    }

    /**
     * q2: selection of the bids on some auctions.
     *
     * @param in  the sources.
     * @param out where the results go.
     */
    public static void q2(final Sources in, final RecordSink<Nexmark.Bid> out)
    {
        in.bids.filter((bid) -> bid.auction() % SELECTED_AUCTION_MODULUS == 0).to(out);
    }

    /**
     * q5: hot items, the auction with the most bids in each sliding window.
     *
     * @param in  the sources.
     * @param out where the results go.
     */
    public static void q5(final Sources in, final RecordSink<WindowResult> out)
    {
        in.bids.keyBy(Nexmark.Bid::auction)
            .window(WindowSpec.sliding(HOT_ITEMS_WINDOW_NS, HOT_ITEMS_SLIDE_NS))
            .aggregate(Aggregations.count())
            .topK(1, 0, 64)
            .to(out);
    }

    /**
     * q7: the highest bid of each tumbling window (value 0: price; value 1: its auction).
     *
     * @param in  the sources.
     * @param out where the results go.
     */
    public static void q7(final Sources in, final RecordSink<WindowResult> out)
    {
        in.bids.keyBy((bid) -> 0L)
            .window(WindowSpec.tumbling(TUMBLING_WINDOW_NS))
            .aggregate(Aggregations.maxBy(Nexmark.Bid::price, Nexmark.Bid::auction))
            .to(out);
    }

    /**
     * q8: people who opened auctions in the window they joined.
     *
     * @param in  the sources.
     * @param out where the results go.
     */
    public static void q8(final Sources in, final RecordSink<Nexmark.PersonAuction> out)
    {
        in.persons.keyBy(Nexmark.Person::id)
            .join(in.auctions.keyBy(Nexmark.Auction::seller), WindowSpec.tumbling(TUMBLING_WINDOW_NS))
            .apply((key, person, auction, buffer) ->
                Nexmark.PersonAuction.encode(buffer, person.id(), auction.id(), auction.reserve()),
                new Nexmark.Person(), new Nexmark.Auction(), new Nexmark.PersonAuction())
            .to(out);
    }

    /**
     * q11: bids per bidder per session.
     *
     * @param in  the sources.
     * @param out where the results go.
     */
    public static void q11(final Sources in, final RecordSink<WindowResult> out)
    {
        in.bids.keyBy(Nexmark.Bid::bidder)
            .window(WindowSpec.session(SESSION_GAP_NS))
            .aggregate(Aggregations.count())
            .to(out);
    }
}
