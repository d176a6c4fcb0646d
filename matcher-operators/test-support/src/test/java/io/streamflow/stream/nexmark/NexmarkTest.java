package io.streamflow.stream.nexmark;

import io.streamflow.stream.Pipeline;
import io.streamflow.stream.Source;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nexmark queries expressed with the pipeline API give exactly the brute-force answers, on several seeded runs with
 * bounded disorder.
 */
class NexmarkTest
{
    private static final int EVENTS = 40_000;
    private static final long INTER_EVENT_DELAY_NS = 1_000_000L;
    private static final int SHUFFLE_GROUP = 20;
    private static final long MAX_OUT_OF_ORDERNESS_NS = 2 * SHUFFLE_GROUP * INTER_EVENT_DELAY_NS;
    private static final long[] SEEDS = { 1, 2, 3 };

    @Test
    void q0PassThrough()
    {
        check("q0", (in, out) -> NexmarkQueries.q0(in, (b, ts) -> out.add(bid(b))), NexmarkBruteForce::q0);
    }

    @Test
    void q1CurrencyConversion()
    {
        check("q1", (in, out) -> NexmarkQueries.q1(in, (b, ts) -> out.add(bid(b))), NexmarkBruteForce::q1);
    }

    @Test
    void q2Selection()
    {
        check("q2", (in, out) -> NexmarkQueries.q2(in, (b, ts) -> out.add(bid(b))), NexmarkBruteForce::q2);
    }

    @Test
    void q5HotItems()
    {
        check("q5", (in, out) -> NexmarkQueries.q5(in, (r, ts) -> out.add(r.toString())), NexmarkBruteForce::q5);
    }

    @Test
    void q7HighestBid()
    {
        check("q7", (in, out) -> NexmarkQueries.q7(in, (r, ts) -> out.add(r.toString())), NexmarkBruteForce::q7);
    }

    @Test
    void q8NewPeopleWhoOpenedAuctions()
    {
        check("q8", (in, out) -> NexmarkQueries.q8(in, (r, ts) -> out.add(r.personId() + "/" + r.auctionId() +
            "/" + r.reserve())), NexmarkBruteForce::q8);
    }

    @Test
    void q11BidsPerSession()
    {
        check("q11", (in, out) -> NexmarkQueries.q11(in, (r, ts) -> out.add(r.toString())),
            NexmarkBruteForce::q11);
    }

    @Test
    void everyQueryRestoredMidStreamGivesTheSameResults()
    {
        final List<BiConsumer<NexmarkQueries.Sources, List<String>>> queries = List.of(
            (in, out) -> NexmarkQueries.q0(in, (b, ts) -> out.add(bid(b))),
            (in, out) -> NexmarkQueries.q1(in, (b, ts) -> out.add(bid(b))),
            (in, out) -> NexmarkQueries.q2(in, (b, ts) -> out.add(bid(b))),
            (in, out) -> NexmarkQueries.q5(in, (r, ts) -> out.add(r.toString())),
            (in, out) -> NexmarkQueries.q7(in, (r, ts) -> out.add(r.toString())),
            (in, out) -> NexmarkQueries.q8(in, (r, ts) -> out.add(r.personId() + "/" + r.auctionId())),
            (in, out) -> NexmarkQueries.q11(in, (r, ts) -> out.add(r.toString())));
        final List<NexmarkGenerator.Event> events = NexmarkGenerator.generate(
            9, EVENTS, 1_700_000_000_000_000_000L, INTER_EVENT_DELAY_NS, SHUFFLE_GROUP);
        for (int q = 0; q < queries.size(); q++)
        {
            final List<String> uninterrupted = run(events, queries.get(q));
            for (final int split : new int[]{ 1, EVENTS / 3, EVENTS - 7 })
            {
                final Pipeline before = new Pipeline();
                final List<String> out = new ArrayList<>();
                queries.get(q).accept(NexmarkQueries.sources(before, MAX_OUT_OF_ORDERNESS_NS), out);
                feed(before, events.subList(0, split));
                final org.agrona.ExpandableArrayBuffer snapshot = new org.agrona.ExpandableArrayBuffer();
                final int length = before.snapshot(snapshot, 0);

                final Pipeline after = new Pipeline();
                queries.get(q).accept(NexmarkQueries.sources(after, MAX_OUT_OF_ORDERNESS_NS), out);
                after.restore(snapshot, 0, length);
                assertEquals(before.stateHash(), after.stateHash());
                feed(after, events.subList(split, events.size()));
                for (final String name : List.of("persons", "auctions", "bids"))
                {
                    after.source(name).endOfInput();
                }
                assertEquals(uninterrupted, out, "query #" + q + " restored at event " + split);
            }
        }
    }

    private static void feed(final Pipeline pipeline, final List<NexmarkGenerator.Event> events)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        for (final NexmarkGenerator.Event e : events)
        {
            buffer.wrap(e.bytes());
            pipeline.source(e.type() == Nexmark.PERSON ? "persons" : e.type() == Nexmark.AUCTION ? "auctions" :
                "bids").push(buffer, 0, e.bytes().length, e.dateTime());
        }
    }

    private static String bid(final Nexmark.Bid b)
    {
        return NexmarkBruteForce.bid(b.auction(), b.bidder(), b.price(), b.dateTime());
    }

    private static void check(
        final String query,
        final BiConsumer<NexmarkQueries.Sources, List<String>> declare,
        final Function<List<NexmarkGenerator.Event>, List<String>> bruteForce)
    {
        for (final long seed : SEEDS)
        {
            final List<NexmarkGenerator.Event> events = NexmarkGenerator.generate(
                seed, EVENTS, 1_700_000_000_000_000_000L, INTER_EVENT_DELAY_NS, SHUFFLE_GROUP);
            final List<String> actual = run(events, declare);
            final List<String> expected = bruteForce.apply(events);
            assertTrue(!expected.isEmpty(), query + " has results to compare");
            assertEquals(expected.size(), actual.size(), query + " seed " + seed + ": result count");
            assertEquals(expected, actual, query + " seed " + seed);
        }
    }

    static List<String> run(
        final List<NexmarkGenerator.Event> events,
        final BiConsumer<NexmarkQueries.Sources, List<String>> declare)
    {
        final Pipeline pipeline = new Pipeline();
        final List<String> out = new ArrayList<>();
        declare.accept(NexmarkQueries.sources(pipeline, MAX_OUT_OF_ORDERNESS_NS), out);
        final Source<?> persons = pipeline.source("persons");
        final Source<?> auctions = pipeline.source("auctions");
        final Source<?> bids = pipeline.source("bids");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        for (final NexmarkGenerator.Event e : events)
        {
            buffer.wrap(e.bytes());
            final Source<?> source = e.type() == Nexmark.PERSON ? persons : e.type() == Nexmark.AUCTION ? auctions :
                bids;
            source.push(buffer, 0, e.bytes().length, e.dateTime());
        }
        persons.endOfInput();
        auctions.endOfInput();
        bids.endOfInput();
        assertEquals(0, pipeline.lateRecords(), "no late records within the bound");
        return out;
    }
}
