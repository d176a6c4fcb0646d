package io.streamflow.stream.nexmark;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded, deterministic Nexmark event generator in the spirit of the reference one: per 50 events 1 person,
 * 3 auctions and 46 bids; auctions sold by recent people; bids mostly on a few hot auctions by a few hot bidders;
 * event times one inter-event delay apart, delivered in locally shuffled groups (bounded disorder).
 */
public final class NexmarkGenerator
{
    static final long FIRST_PERSON_ID = 1000;
    static final long FIRST_AUCTION_ID = 1000;
    static final int HOT_RATIO = 4;

    /**
     * One generated event.
     *
     * @param type     PERSON, AUCTION or BID.
     * @param dateTime event time.
     * @param bytes    encoded.
     */
    public record Event(long type, long dateTime, byte[] bytes)
    {
    }

    private NexmarkGenerator()
    {
    }

    /**
     * @param seed              of the run.
     * @param count             events.
     * @param startNs           event time of the first.
     * @param interEventDelayNs between events.
     * @param shuffleGroup      events are delivered shuffled within groups of this many (1: in order).
     * @return the events in delivery order.
     */
    public static List<Event> generate(
        final long seed, final int count, final long startNs, final long interEventDelayNs, final int shuffleGroup)
    {
        final Random random = new Random(seed);
        final List<Event> events = new ArrayList<>(count);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        long persons = 0;
        long auctions = 0;
        for (int n = 0; n < count; n++)
        {
            final long dateTime = startNs + n * interEventDelayNs;
            final int slot = n % 50;
            final int length;
            final long type;
            if (slot < 1 || 0 == persons)
            {
                final long id = FIRST_PERSON_ID + persons++;
                length = Nexmark.Person.encode(buffer, id, dateTime, random.nextInt(10), random.nextInt(5),
                    "p" + id);
                type = Nexmark.PERSON;
            }
            else if (slot < 4 || 0 == auctions)
            {
                final long id = FIRST_AUCTION_ID + auctions++;
                final long seller = FIRST_PERSON_ID + recent(random, persons);
                final long initial = 100 + random.nextInt(1000);
                length = Nexmark.Auction.encode(buffer, id, dateTime, seller, random.nextInt(5), initial,
                    initial + random.nextInt(2000), dateTime + 1_000_000_000L * (1 + random.nextInt(10)));
                type = Nexmark.AUCTION;
            }
            else
            {
                final long auction = FIRST_AUCTION_ID + (random.nextInt(HOT_RATIO) > 0 ?
                    (auctions - 1) - (auctions - 1) % 8 : recent(random, auctions));
                final long bidder = FIRST_PERSON_ID + (random.nextInt(HOT_RATIO) > 0 ?
                    (persons - 1) - (persons - 1) % 4 : recent(random, persons));
                length = Nexmark.Bid.encode(buffer, auction, bidder, 100 + random.nextInt(10_000), dateTime,
                    random.nextInt(4));
                type = Nexmark.BID;
            }
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            events.add(new Event(type, dateTime, bytes));
        }

        for (int start = 0; start < events.size(); start += shuffleGroup)
        {
            Collections.shuffle(events.subList(start, Math.min(events.size(), start + shuffleGroup)), random);
        }
        return events;
    }

    private static long recent(final Random random, final long count)
    {
        return Math.max(0, count - 1 - random.nextInt((int)Math.min(count, 100)));
    }
}
