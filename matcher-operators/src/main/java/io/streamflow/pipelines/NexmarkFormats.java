package io.streamflow.pipelines;

import io.streamflow.stream.nexmark.Nexmark;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Map;

/**
 * JSON forms of the Nexmark model. Events are objects with one of {@code person}, {@code auction} or {@code bid}, and
 * the model's field names; times ({@code dateTime}, {@code expires}) are epoch milliseconds:
 * <pre>
 * {"person":{"id":1000,"name":"alice","city":3,"state":7,"dateTime":1700000000000}}
 * {"auction":{"id":1000,"seller":1000,"category":2,"initialBid":100,"reserve":150,"dateTime":1700000000001,
 *   "expires":1700000060000}}
 * {"bid":{"auction":1000,"bidder":1000,"price":120,"channel":1,"dateTime":1700000000002}}
 * </pre>
 * Fields of the model that these queries do not read (emailAddress, creditCard, itemName, description, url, extra)
 * may be present and are ignored.
 */
public final class NexmarkFormats
{
    private static final long NANOS_PER_MILLI = 1_000_000;

    /** Nexmark events, as {@code produce} sends them to the {@code nexmark} stream. */
    public static final RecordFormat EVENTS = new RecordFormat()
    {
        private final Nexmark.Person person = new Nexmark.Person();
        private final Nexmark.Auction auction = new Nexmark.Auction();
        private final Nexmark.Bid bid = new Nexmark.Bid();

        public int encode(final Map<String, String> fields, final MutableDirectBuffer buffer)
        {
            final boolean isPerson = fields.keySet().stream().anyMatch((k) -> k.startsWith("person."));
            final boolean isAuction = fields.keySet().stream().anyMatch((k) -> k.startsWith("auction."));
            final boolean isBid = fields.keySet().stream().anyMatch((k) -> k.startsWith("bid."));
            if ((isPerson ? 1 : 0) + (isAuction ? 1 : 0) + (isBid ? 1 : 0) != 1)
            {
                throw new IllegalArgumentException("a Nexmark event has exactly one of person, auction, bid");
            }
            if (isPerson)
            {
                final String name = fields.getOrDefault("person.name", "");
                if (name.length() > 16)
                {
                    throw new IllegalArgumentException("'person.name' is longer than 16 characters: " + name);
                }
                return Nexmark.Person.encode(buffer, JsonFields.number(fields, "person.id"),
                    millis(fields, "person.dateTime"), JsonFields.number(fields, "person.city", 0),
                    JsonFields.number(fields, "person.state", 0), name);
            }
            if (isAuction)
            {
                return Nexmark.Auction.encode(buffer, JsonFields.number(fields, "auction.id"),
                    millis(fields, "auction.dateTime"), JsonFields.number(fields, "auction.seller"),
                    JsonFields.number(fields, "auction.category", 0),
                    JsonFields.number(fields, "auction.initialBid", 0), JsonFields.number(fields, "auction.reserve", 0),
                    millis(fields, "auction.expires"));
            }
            return Nexmark.Bid.encode(buffer, JsonFields.number(fields, "bid.auction"),
                JsonFields.number(fields, "bid.bidder"), JsonFields.number(fields, "bid.price"),
                millis(fields, "bid.dateTime"), JsonFields.number(fields, "bid.channel", 0));
        }

        public void appendJson(final DirectBuffer buffer, final int offset, final int length, final StringBuilder json)
        {
            final long type = NexmarkInput.typeOf(buffer, offset, length);
            if (Nexmark.PERSON == type)
            {
                person.wrap(buffer, offset, length);
                json.append("{\"person\":{");
                JsonFields.field(json, "id", person.id());
                JsonFields.field(json, "name", person.name());
                JsonFields.field(json, "city", person.city());
                JsonFields.field(json, "state", person.state());
                JsonFields.field(json, "dateTime", person.dateTime() / NANOS_PER_MILLI).append("}}");
            }
            else if (Nexmark.AUCTION == type)
            {
                auction.wrap(buffer, offset, length);
                json.append("{\"auction\":{");
                JsonFields.field(json, "id", auction.id());
                JsonFields.field(json, "seller", auction.seller());
                JsonFields.field(json, "category", auction.category());
                JsonFields.field(json, "initialBid", auction.initialBid());
                JsonFields.field(json, "reserve", auction.reserve());
                JsonFields.field(json, "dateTime", auction.dateTime() / NANOS_PER_MILLI);
                JsonFields.field(json, "expires", auction.expires() / NANOS_PER_MILLI).append("}}");
            }
            else if (Nexmark.BID == type)
            {
                json.append("{\"bid\":");
                BID.appendJson(buffer, offset, length, json);
                json.append('}');
            }
            else
            {
                throw new IllegalArgumentException("not a Nexmark event");
            }
        }
    };

    /** A bid, flat: q0, q1 and q2's results. */
    public static final RecordFormat BID = new RecordFormat()
    {
        private final Nexmark.Bid bid = new Nexmark.Bid();

        public void appendJson(final DirectBuffer buffer, final int offset, final int length, final StringBuilder json)
        {
            JsonFields.requireLength(length, Nexmark.Bid.LENGTH, "a bid");
            bid.wrap(buffer, offset, length);
            json.append('{');
            JsonFields.field(json, "auction", bid.auction());
            JsonFields.field(json, "bidder", bid.bidder());
            JsonFields.field(json, "price", bid.price());
            JsonFields.field(json, "channel", bid.channel());
            JsonFields.field(json, "dateTime", bid.dateTime() / NANOS_PER_MILLI).append('}');
        }
    };

    /** q8's results: a new person and an auction they opened in the same window. */
    public static final RecordFormat PERSON_AUCTION = new RecordFormat()
    {
        private final Nexmark.PersonAuction result = new Nexmark.PersonAuction();

        public void appendJson(final DirectBuffer buffer, final int offset, final int length, final StringBuilder json)
        {
            JsonFields.requireLength(length, Nexmark.PersonAuction.LENGTH, "a q8 result");
            result.wrap(buffer, offset, length);
            json.append('{');
            JsonFields.field(json, "person", result.personId());
            JsonFields.field(json, "auction", result.auctionId());
            JsonFields.field(json, "reserve", result.reserve()).append('}');
        }
    };

    private NexmarkFormats()
    {
    }

    private static long millis(final Map<String, String> fields, final String name)
    {
        final long millis = JsonFields.number(fields, name);
        if (Math.abs(millis) > Long.MAX_VALUE / NANOS_PER_MILLI)
        {
            throw new IllegalArgumentException("'" + name + "' is out of range: " + millis);
        }
        return millis * NANOS_PER_MILLI;
    }
}
