package io.streamflow.pipelines;

import io.streamflow.stream.Pipeline;
import io.streamflow.stream.Source;
import io.streamflow.stream.nexmark.Nexmark;
import org.agrona.DirectBuffer;

/**
 * Routes the records of the {@code nexmark} stream to a query's "persons", "auctions" and "bids" sources by their
 * event type, after checking that each is what it says (a known type, of that type's length).
 */
final class NexmarkInput implements PipelineDefinition.InputRouter
{
    private final Source<?> persons;
    private final Source<?> auctions;
    private final Source<?> bids;

    NexmarkInput(final Pipeline pipeline)
    {
        this.persons = pipeline.source("persons");
        this.auctions = pipeline.source("auctions");
        this.bids = pipeline.source("bids");
    }

    /**
     * {@inheritDoc}
     */
    public Source<?> sourceFor(final DirectBuffer buffer, final int offset, final int length)
    {
        final long type = typeOf(buffer, offset, length);
        return Nexmark.PERSON == type ? persons : Nexmark.AUCTION == type ? auctions : Nexmark.BID == type ? bids :
            null;
    }

    /**
     * @return the event type of a well-formed Nexmark event, or -1.
     */
    static long typeOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < Long.BYTES)
        {
            return -1;
        }
        final long type = buffer.getLong(offset);
        final boolean wellFormed =
            (Nexmark.PERSON == type && Nexmark.Person.LENGTH == length) ||
            (Nexmark.AUCTION == type && Nexmark.Auction.LENGTH == length) ||
            (Nexmark.BID == type && Nexmark.Bid.LENGTH == length);
        return wellFormed ? type : -1;
    }
}
