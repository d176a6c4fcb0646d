package io.streamflow.matcher;

/**
 * Trading rules of one instrument. Prices and quantities are integers in the protocol's units.
 *
 * @param instrumentId identifies the book.
 * @param tickSize     every limit price is a multiple of it.
 * @param lotSize      every quantity is a multiple of it.
 * @param minPrice     lowest limit price accepted (the price band).
 * @param maxPrice     highest limit price accepted (the price band).
 */
public record InstrumentSpec(int instrumentId, long tickSize, long lotSize, long minPrice, long maxPrice)
{
    /**
     * Validate.
     */
    public InstrumentSpec
    {
        if (instrumentId <= 0 || tickSize <= 0 || lotSize <= 0 || minPrice <= 0 || maxPrice < minPrice ||
            minPrice % tickSize != 0 || maxPrice % tickSize != 0)
        {
            throw new IllegalArgumentException("invalid instrument: id " + instrumentId + ", tick " + tickSize +
                ", lot " + lotSize + ", band [" + minPrice + ", " + maxPrice + "] (band ends must be on a tick)");
        }
    }
}
