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
    /** Event type of a person. */
    public static final long PERSON = 1;
    /** Event type of an auction. */
    public static final long AUCTION = 2;
    /** Event type of a bid. */
    public static final long BID = 3;
    /** Type tag of q8's results. */
    public static final long PERSON_AUCTION = 4;

    private Nexmark()
    {
    }

    /**
     * The common part of the views: little-endian longs, the first the event type.
     */
    public abstract static class View extends RecordView
    {
        long field(final int index)
        {
            return buffer.getLong(offset + 8 * index);
        }

        /**
         * @return the type field.
         */
        public long type()
        {
            return field(0);
        }
    }

    /**
     * A person: id, event time, city, state, and a 16-byte name.
     */
    public static final class Person extends View
    {
        /** Encoded length. */
        public static final int LENGTH = 5 * 8 + 16;

        /**
         * @return the id field.
         */
        public long id()
        {
            return field(1);
        }

        /**
         * @return the dateTime field.
         */
        public long dateTime()
        {
            return field(2);
        }

        /**
         * @return the city field.
         */
        public long city()
        {
            return field(3);
        }

        /**
         * @return the state field.
         */
        public long state()
        {
            return field(4);
        }

        /**
         * @return the name, trimmed.
         */
        public String name()
        {
            final byte[] bytes = new byte[16];
            buffer.getBytes(offset + 40, bytes);
            return new String(bytes, StandardCharsets.US_ASCII).trim();
        }

        /**
         * Encode one at the start of a buffer.
         *
         * @return its length.
         */
        public static int encode(final MutableDirectBuffer b, final long id, final long dateTime, final long city,
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
        /** Encoded length. */
        public static final int LENGTH = 8 * 8;

        /**
         * @return the id field.
         */
        public long id()
        {
            return field(1);
        }

        /**
         * @return the dateTime field.
         */
        public long dateTime()
        {
            return field(2);
        }

        /**
         * @return the seller field.
         */
        public long seller()
        {
            return field(3);
        }

        /**
         * @return the category field.
         */
        public long category()
        {
            return field(4);
        }

        /**
         * @return the initialBid field.
         */
        public long initialBid()
        {
            return field(5);
        }

        /**
         * @return the reserve field.
         */
        public long reserve()
        {
            return field(6);
        }

        /**
         * @return the expires field.
         */
        public long expires()
        {
            return field(7);
        }

        /**
         * Encode one at the start of a buffer.
         *
         * @return its length.
         */
        public static int encode(final MutableDirectBuffer b, final long id, final long dateTime, final long seller,
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
        /** Encoded length. */
        public static final int LENGTH = 6 * 8;

        /**
         * @return the auction field.
         */
        public long auction()
        {
            return field(1);
        }

        /**
         * @return the bidder field.
         */
        public long bidder()
        {
            return field(2);
        }

        /**
         * @return the price field.
         */
        public long price()
        {
            return field(3);
        }

        /**
         * @return the dateTime field.
         */
        public long dateTime()
        {
            return field(4);
        }

        /**
         * @return the channel field.
         */
        public long channel()
        {
            return field(5);
        }

        /**
         * Encode one at the start of a buffer.
         *
         * @return its length.
         */
        public static int encode(final MutableDirectBuffer b, final long auction, final long bidder, final long price,
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
        /** Encoded length. */
        public static final int LENGTH = 4 * 8;

        /**
         * @return the personId field.
         */
        public long personId()
        {
            return field(1);
        }

        /**
         * @return the auctionId field.
         */
        public long auctionId()
        {
            return field(2);
        }

        /**
         * @return the reserve field.
         */
        public long reserve()
        {
            return field(3);
        }

        /**
         * Encode one at the start of a buffer.
         *
         * @return its length.
         */
        public static int encode(
            final MutableDirectBuffer b, final long personId, final long auctionId, final long reserve)
        {
            b.putLong(0, PERSON_AUCTION);
            b.putLong(8, personId);
            b.putLong(16, auctionId);
            b.putLong(24, reserve);
            return LENGTH;
        }
    }
}
