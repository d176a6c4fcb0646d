package io.streamflow.stream.nexmark;

import io.streamflow.stream.RecordView;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The Nexmark model: people, auctions, bids, each a flyweight over a fixed little-endian layout whose first long is
 * the event type.
 */
public final class Nexmark
{
    static final long PERSON = 1;
    static final long AUCTION = 2;
    static final long BID = 3;

    private Nexmark()
    {
    }

    abstract static class View extends RecordView
    {
        long field(final int index)
        {
            return buffer.getLong(offset + 8 * index);
        }

        long type()
        {
            return field(0);
        }
    }

    /**
     * A person: id, event time, city, state, and a 16-byte name.
     */
    public static final class Person extends View
    {
        static final int LENGTH = 5 * 8 + 16;

        long id()
        {
            return field(1);
        }

        long dateTime()
        {
            return field(2);
        }

        long city()
        {
            return field(3);
        }

        long state()
        {
            return field(4);
        }

        String name()
        {
            final byte[] bytes = new byte[16];
            buffer.getBytes(offset + 40, bytes);
            return new String(bytes, StandardCharsets.US_ASCII).trim();
        }

        static int encode(final MutableDirectBuffer b, final long id, final long dateTime, final long city,
            final long state, final String name)
        {
            b.putLong(0, PERSON);
            b.putLong(8, id);
            b.putLong(16, dateTime);
            b.putLong(24, city);
            b.putLong(32, state);
            final byte[] text = String.format("%-16s", name).substring(0, 16).getBytes(StandardCharsets.US_ASCII);
            b.putBytes(40, text);
            return LENGTH;
        }
    }

    /**
     * An auction: id, event time, seller, category, initial bid, reserve, expiry.
     */
    public static final class Auction extends View
    {
        static final int LENGTH = 8 * 8;

        long id()
        {
            return field(1);
        }

        long dateTime()
        {
            return field(2);
        }

        long seller()
        {
            return field(3);
        }

        long category()
        {
            return field(4);
        }

        long initialBid()
        {
            return field(5);
        }

        long reserve()
        {
            return field(6);
        }

        long expires()
        {
            return field(7);
        }

        static int encode(final MutableDirectBuffer b, final long id, final long dateTime, final long seller,
            final long category, final long initialBid, final long reserve, final long expires)
        {
            b.putLong(0, AUCTION);
            b.putLong(8, id);
            b.putLong(16, dateTime);
            b.putLong(24, seller);
            b.putLong(32, category);
            b.putLong(40, initialBid);
            b.putLong(48, reserve);
            b.putLong(56, expires);
            return LENGTH;
        }
    }

    /**
     * A bid: auction, bidder, price (in cents), event time, channel.
     */
    public static final class Bid extends View
    {
        static final int LENGTH = 6 * 8;

        long auction()
        {
            return field(1);
        }

        long bidder()
        {
            return field(2);
        }

        long price()
        {
            return field(3);
        }

        long dateTime()
        {
            return field(4);
        }

        long channel()
        {
            return field(5);
        }

        static int encode(final MutableDirectBuffer b, final long auction, final long bidder, final long price,
            final long dateTime, final long channel)
        {
            b.putLong(0, BID);
            b.putLong(8, auction);
            b.putLong(16, bidder);
            b.putLong(24, price);
            b.putLong(32, dateTime);
            b.putLong(40, channel);
            return LENGTH;
        }
    }

    /**
     * What q8 emits: a new person and an auction they opened in the same window.
     */
    public static final class PersonAuction extends View
    {
        static final int LENGTH = 4 * 8;

        long personId()
        {
            return field(1);
        }

        long auctionId()
        {
            return field(2);
        }

        long reserve()
        {
            return field(3);
        }

        static int encode(final MutableDirectBuffer b, final long personId, final long auctionId, final long reserve)
        {
            b.putLong(0, 4);
            b.putLong(8, personId);
            b.putLong(16, auctionId);
            b.putLong(24, reserve);
            return LENGTH;
        }
    }
}
