package io.streamflow.stream.nexmark;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.streamflow.stream.nexmark.NexmarkQueries.EUROS_PER_THOUSAND_DOLLARS;
import static io.streamflow.stream.nexmark.NexmarkQueries.HOT_ITEMS_SLIDE_NS;
import static io.streamflow.stream.nexmark.NexmarkQueries.HOT_ITEMS_WINDOW_NS;
import static io.streamflow.stream.nexmark.NexmarkQueries.SELECTED_AUCTION_MODULUS;
import static io.streamflow.stream.nexmark.NexmarkQueries.SESSION_GAP_NS;
import static io.streamflow.stream.nexmark.NexmarkQueries.TUMBLING_WINDOW_NS;

/**
 * Each query's answer recomputed from the whole event list: no operators, no watermarks, just the definitions.
 * Results are ordered as the pipeline emits them: by window end, then key.
 */
public final class NexmarkBruteForce
{
    private NexmarkBruteForce()
    {
    }

    record B(long auction, long bidder, long price, long dateTime, long channel)
    {
    }

    record P(long id, long dateTime)
    {
    }

    record A(long id, long dateTime, long seller, long reserve)
    {
    }

    static List<B> bids(final List<NexmarkGenerator.Event> events)
    {
        final Nexmark.Bid bid = new Nexmark.Bid();
        final List<B> bids = new ArrayList<>();
        for (final NexmarkGenerator.Event e : events)
        {
            if (e.type() == Nexmark.BID)
            {
                bid.wrap(new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                bids.add(new B(bid.auction(), bid.bidder(), bid.price(), bid.dateTime(), bid.channel()));
            }
        }
        return bids;
    }

    public static String bid(final long auction, final long bidder, final long price, final long dateTime)
    {
        return auction + "/" + bidder + "/" + price + "/" + dateTime;
    }

    public static List<String> q0(final List<NexmarkGenerator.Event> events)
    {
        return bids(events).stream().map(b -> bid(b.auction, b.bidder, b.price, b.dateTime)).toList();
    }

    public static List<String> q1(final List<NexmarkGenerator.Event> events)
    {
        return bids(events).stream()
            .map(b -> bid(b.auction, b.bidder, b.price * EUROS_PER_THOUSAND_DOLLARS / 1000, b.dateTime)).toList();
    }

    public static List<String> q2(final List<NexmarkGenerator.Event> events)
    {
        return bids(events).stream().filter(b -> b.auction % SELECTED_AUCTION_MODULUS == 0)
            .map(b -> bid(b.auction, b.bidder, b.price, b.dateTime)).toList();
    }

    public static List<String> q5(final List<NexmarkGenerator.Event> events)
    {
        final TreeMap<Long, Map<Long, Long>> countsByWindowStart = new TreeMap<>();
        for (final B b : bids(events))
        {
            final long last = Math.floorDiv(b.dateTime, HOT_ITEMS_SLIDE_NS) * HOT_ITEMS_SLIDE_NS;
            for (long start = last; start > b.dateTime - HOT_ITEMS_WINDOW_NS; start -= HOT_ITEMS_SLIDE_NS)
            {
                countsByWindowStart.computeIfAbsent(start, s -> new TreeMap<>()).merge(b.auction, 1L, Long::sum);
            }
        }
        final List<String> results = new ArrayList<>();
        for (final Map.Entry<Long, Map<Long, Long>> window : countsByWindowStart.entrySet())
        {
            long bestAuction = -1;
            long bestCount = -1;
            for (final Map.Entry<Long, Long> e : window.getValue().entrySet())
            {
                if (e.getValue() > bestCount)
                {
                    bestAuction = e.getKey();
                    bestCount = e.getValue();
                }
            }
            results.add("key=" + bestAuction + " [" + window.getKey() + "," + (window.getKey() + HOT_ITEMS_WINDOW_NS) +
                ") count=" + bestCount + " values=" + bestCount);
        }
        return results;
    }

    public static List<String> q7(final List<NexmarkGenerator.Event> events)
    {
        final TreeMap<Long, List<B>> byWindow = new TreeMap<>();
        for (final B b : bids(events))
        {
            byWindow.computeIfAbsent(Math.floorDiv(b.dateTime, TUMBLING_WINDOW_NS) * TUMBLING_WINDOW_NS,
                s -> new ArrayList<>()).add(b);
        }
        final List<String> results = new ArrayList<>();
        for (final Map.Entry<Long, List<B>> window : byWindow.entrySet())
        {
            final B best = window.getValue().stream()
                .max(Comparator.comparingLong((B b) -> b.price).thenComparing(b -> -b.auction)).orElseThrow();
            results.add("key=0 [" + window.getKey() + "," + (window.getKey() + TUMBLING_WINDOW_NS) + ") count=" +
                window.getValue().size() + " values=" + best.price + "," + best.auction);
        }
        return results;
    }

    public static List<String> q8(final List<NexmarkGenerator.Event> events)
    {
        final Nexmark.Person person = new Nexmark.Person();
        final Nexmark.Auction auction = new Nexmark.Auction();
        final List<P> people = new ArrayList<>();
        final List<A> auctions = new ArrayList<>();
        for (final NexmarkGenerator.Event e : events)
        {
            if (e.type() == Nexmark.PERSON)
            {
                person.wrap(new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                people.add(new P(person.id(), person.dateTime()));
            }
            else if (e.type() == Nexmark.AUCTION)
            {
                auction.wrap(new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                auctions.add(new A(auction.id(), auction.dateTime(), auction.seller(), auction.reserve()));
            }
        }
        final TreeMap<Long, TreeMap<Long, List<String>>> byWindowThenPerson = new TreeMap<>();
        for (final P p : people)
        {
            final long window = Math.floorDiv(p.dateTime, TUMBLING_WINDOW_NS);
            for (final A a : auctions)
            {
                if (a.seller == p.id && Math.floorDiv(a.dateTime, TUMBLING_WINDOW_NS) == window)
                {
                    byWindowThenPerson.computeIfAbsent(window, w -> new TreeMap<>())
                        .computeIfAbsent(p.id, id -> new ArrayList<>())
                        .add(p.id + "/" + a.id + "/" + a.reserve);
                }
            }
        }
        final List<String> results = new ArrayList<>();
        byWindowThenPerson.values().forEach(w -> w.values().forEach(results::addAll));
        return results;
    }

    public static List<String> q11(final List<NexmarkGenerator.Event> events)
    {
        final TreeMap<Long, List<Long>> timesByBidder = new TreeMap<>();
        for (final B b : bids(events))
        {
            timesByBidder.computeIfAbsent(b.bidder, k -> new ArrayList<>()).add(b.dateTime);
        }
        record Session(long bidder, long start, long end, long count)
        {
        }
        final List<Session> sessions = new ArrayList<>();
        for (final Map.Entry<Long, List<Long>> e : timesByBidder.entrySet())
        {
            final List<Long> times = new ArrayList<>(e.getValue());
            times.sort(null);
            long start = times.get(0);
            long last = start;
            long count = 1;
            for (int i = 1; i < times.size(); i++)
            {
                if (times.get(i) <= last + SESSION_GAP_NS)
                {
                    last = Math.max(last, times.get(i));
                    count++;
                }
                else
                {
                    sessions.add(new Session(e.getKey(), start, last + SESSION_GAP_NS, count));
                    start = times.get(i);
                    last = start;
                    count = 1;
                }
            }
            sessions.add(new Session(e.getKey(), start, last + SESSION_GAP_NS, count));
        }
        sessions.sort(Comparator.comparingLong(Session::end).thenComparingLong(Session::bidder)
            .thenComparingLong(Session::start));
        return sessions.stream().map(s -> "key=" + s.bidder + " [" + s.start + "," + s.end + ") count=" + s.count +
            " values=" + s.count).toList();
    }
}
