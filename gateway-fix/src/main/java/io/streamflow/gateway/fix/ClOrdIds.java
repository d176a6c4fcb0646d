package io.streamflow.gateway.fix;

/**
 * FIX ClOrdID (a string) to and from the node's 64-bit client order id, without a table: the same string always gives
 * the same id, in any gateway and after any restart, and every id gives back its string.
 * <pre>
 *   "0", or 1 to 18 digits with no leading zero (below 2^62)  the number itself
 *   1 to 9 characters of printable ASCII (space to '~')       2^62 + the characters as digits 1..95 of base 96
 * </pre>
 * Anything else (longer, a control character, empty) is refused: {@link #encode} gives {@link #INVALID}. The two
 * ranges do not meet (96^9 is below 2^62), so no two strings share an id.
 * <p>
 * Stateless; allocates nothing.
 */
public final class ClOrdIds
{
    /** Not a ClOrdID the gateway can carry. */
    public static final long INVALID = -1;
    /** Most characters of a ClOrdID that is not a number. */
    public static final int MAX_TEXT_LENGTH = 9;
    /** Longest ClOrdID as text: a number of 18 digits. */
    public static final int MAX_LENGTH = 18;

    private static final long TEXT_FLAG = 1L << 62;
    private static final int BASE = 96;
    private static final char FIRST = ' ';
    private static final char LAST = '~';

    private ClOrdIds()
    {
    }

    /**
     * @param chars  the ClOrdID's characters.
     * @param length how many.
     * @return the node's client order id, or {@link #INVALID}.
     */
    public static long encode(final char[] chars, final int length)
    {
        if (length <= 0 || length > MAX_LENGTH)
        {
            return INVALID;
        }
        final long number = asNumber(chars, length);
        if (INVALID != number)
        {
            return number;
        }
        if (length > MAX_TEXT_LENGTH)
        {
            return INVALID;
        }
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = chars[i];
            if (c < FIRST || c > LAST)
            {
                return INVALID;
            }
            value = value * BASE + (c - FIRST + 1);
        }
        return TEXT_FLAG | value;
    }

    /**
     * @param text a ClOrdID.
     * @return the node's client order id, or {@link #INVALID}.
     */
    public static long encode(final CharSequence text)
    {
        final char[] chars = new char[Math.min(text.length(), MAX_LENGTH + 1)];
        for (int i = 0; i < chars.length; i++)
        {
            chars[i] = text.charAt(i);
        }
        return text.length() > MAX_LENGTH ? INVALID : encode(chars, chars.length);
    }

    /**
     * Write the ClOrdID of a client order id.
     *
     * @param id  a client order id that {@link #encode} gave (another writes its number).
     * @param out at least {@link #MAX_LENGTH} + 2 characters.
     * @return characters written.
     */
    public static int decode(final long id, final char[] out)
    {
        if (id >= 0 && 0 != (id & TEXT_FLAG))
        {
            long value = id & ~TEXT_FLAG;
            int length = 0;
            while (value > 0)
            {
                out[length++] = (char)(FIRST + (value % BASE) - 1);
                value /= BASE;
            }
            reverse(out, length);
            return length;
        }
        return writeNumber(id, out);
    }

    /**
     * @param id a client order id.
     * @return its ClOrdID, allocating: for tests and tools.
     */
    public static String toString(final long id)
    {
        final char[] out = new char[MAX_LENGTH + 2];
        return new String(out, 0, decode(id, out));
    }

    private static long asNumber(final char[] chars, final int length)
    {
        if (length > 1 && '0' == chars[0])
        {
            return INVALID;
        }
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = chars[i];
            if (c < '0' || c > '9')
            {
                return INVALID;
            }
            value = value * 10 + (c - '0');
        }
        return value < TEXT_FLAG ? value : INVALID;
    }

    private static int writeNumber(final long id, final char[] out)
    {
        if (0 == id)
        {
            out[0] = '0';
            return 1;
        }
        long value = id;
        int length = 0;
        final boolean negative = value < 0;
        while (value != 0)
        {
            out[length++] = (char)('0' + Math.abs(value % 10));
            value /= 10;
        }
        if (negative)
        {
            out[length++] = '-';
        }
        reverse(out, length);
        return length;
    }

    private static void reverse(final char[] out, final int length)
    {
        for (int i = 0, j = length - 1; i < j; i++, j--)
        {
            final char c = out[i];
            out[i] = out[j];
            out[j] = c;
        }
    }
}
