package io.streamflow.gateway.fix;

import org.agrona.collections.Int2IntHashMap;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The symbols FIX clients trade, each the node's instrument id and its price unit: FIX prices are decimals, the node's
 * are whole numbers (the book's own tick and band rules apply to them), and a FIX price is the node's price times the
 * unit ({@code 0.01}: the node's 10150 is FIX's 101.50). Also the decimal arithmetic of the gateway: a price is taken
 * only when it is a whole number of units, a quantity only when it is a whole number; nothing is rounded.
 * <p>
 * Symbols are found by a scan of their characters (a venue's gateway lists tens, not millions); nothing allocates
 * after configuration.
 */
public final class FixInstruments
{
    /** A price or quantity the node cannot take as it is. */
    public static final long INVALID = Long.MIN_VALUE;
    /** No such symbol or instrument. */
    public static final int UNKNOWN = -1;

    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final List<String> names = new ArrayList<>();
    private char[][] symbols = new char[0][];
    private int[] instrumentIds = new int[0];
    private long[] unitValues = new long[0];
    private int[] unitScales = new int[0];
    private final Int2IntHashMap indexByInstrument = new Int2IntHashMap(UNKNOWN);

    /**
     * Add a symbol.
     *
     * @param symbol       FIX Symbol (55).
     * @param instrumentId the node's instrument.
     * @param priceUnit    the FIX price of one unit of the node's prices, e.g. {@code 0.01}.
     * @return this.
     * @throws IllegalArgumentException for a repeated symbol or instrument, or a unit that is not positive.
     */
    public FixInstruments add(final String symbol, final int instrumentId, final BigDecimal priceUnit)
    {
        if (symbol.isEmpty() || names.contains(symbol))
        {
            throw new IllegalArgumentException("symbol '" + symbol + "' is empty or listed twice");
        }
        if (instrumentId <= 0 || indexByInstrument.containsKey(instrumentId))
        {
            throw new IllegalArgumentException("instrument " + instrumentId + " (symbol " + symbol +
                ") must be positive and named by one symbol only");
        }
        final BigDecimal stripped = priceUnit.stripTrailingZeros();
        if (stripped.signum() <= 0 || stripped.scale() > 18)
        {
            throw new IllegalArgumentException("the price unit of " + symbol + " must be positive with at most " +
                "18 decimals: " + priceUnit);
        }
        final int scale = Math.max(0, stripped.scale());
        final long value = stripped.movePointRight(scale).longValueExact();
        final int index = names.size();
        names.add(symbol);
        symbols = append(symbols, symbol.toCharArray());
        instrumentIds = append(instrumentIds, instrumentId);
        unitValues = append(unitValues, value);
        unitScales = append(unitScales, scale);
        indexByInstrument.put(instrumentId, index);
        return this;
    }

    /**
     * @return how many symbols.
     */
    public int size()
    {
        return names.size();
    }

    /**
     * @param chars  a Symbol's characters.
     * @param length how many.
     * @return its index, or {@link #UNKNOWN}.
     */
    public int indexOf(final char[] chars, final int length)
    {
        for (int i = 0; i < symbols.length; i++)
        {
            final char[] symbol = symbols[i];
            if (symbol.length == length && equals(symbol, chars, length))
            {
                return i;
            }
        }
        return UNKNOWN;
    }

    /**
     * @param instrumentId the node's instrument.
     * @return its index, or {@link #UNKNOWN}.
     */
    public int indexOfInstrument(final int instrumentId)
    {
        return indexByInstrument.get(instrumentId);
    }

    /**
     * @param index of a symbol.
     * @return the node's instrument id.
     */
    public int instrumentId(final int index)
    {
        return instrumentIds[index];
    }

    /**
     * @param index of a symbol.
     * @return its characters (not to be changed).
     */
    public char[] symbol(final int index)
    {
        return symbols[index];
    }

    /**
     * @param index of a symbol.
     * @return its name.
     */
    public String name(final int index)
    {
        return names.get(index);
    }

    /**
     * @param index of a symbol.
     * @return the price unit as a decimal's digits (see {@link #unitScale}).
     */
    public long unitValue(final int index)
    {
        return unitValues[index];
    }

    /**
     * @param index of a symbol.
     * @return the price unit's decimal places.
     */
    public int unitScale(final int index)
    {
        return unitScales[index];
    }

    /**
     * @param index a symbol.
     * @param value a price's digits.
     * @param scale its decimal places.
     * @return the node's price, or {@link #INVALID} when not a positive whole number of units.
     */
    public long toNodePrice(final int index, final long value, final int scale)
    {
        if (value <= 0 || scale < 0 || scale > 18)
        {
            return INVALID;
        }
        final int unitScale = unitScales[index];
        final int common = Math.max(scale, unitScale);
        try
        {
            final long price = Math.multiplyExact(value, POWERS_OF_TEN[common - scale]);
            final long unit = Math.multiplyExact(unitValues[index], POWERS_OF_TEN[common - unitScale]);
            return 0 == price % unit ? price / unit : INVALID;
        }
        catch (final ArithmeticException ex)
        {
            return INVALID;
        }
    }

    /**
     * @param value a quantity's digits.
     * @param scale its decimal places.
     * @return the quantity as a whole number, or {@link #INVALID} when not a positive whole number.
     */
    public static long toWholeNumber(final long value, final int scale)
    {
        if (value <= 0 || scale < 0 || scale > 18)
        {
            return INVALID;
        }
        final long power = POWERS_OF_TEN[scale];
        return 0 == value % power ? value / power : INVALID;
    }

    private static boolean equals(final char[] symbol, final char[] chars, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (symbol[i] != chars[i])
            {
                return false;
            }
        }
        return true;
    }

    private static char[][] append(final char[][] array, final char[] value)
    {
        final char[][] grown = java.util.Arrays.copyOf(array, array.length + 1);
        grown[array.length] = value;
        return grown;
    }

    private static int[] append(final int[] array, final int value)
    {
        final int[] grown = java.util.Arrays.copyOf(array, array.length + 1);
        grown[array.length] = value;
        return grown;
    }

    private static long[] append(final long[] array, final long value)
    {
        final long[] grown = java.util.Arrays.copyOf(array, array.length + 1);
        grown[array.length] = value;
        return grown;
    }
}
