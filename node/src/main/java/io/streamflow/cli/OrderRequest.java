package io.streamflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.OrderCommand;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of an orders file: a new order, cancel, replace or mass cancel, read from CSV (with a header naming the
 * columns) or from a JSON object, both with the field names of {@link #FIELDS}.
 *
 * @param line              in the file, from 1.
 * @param action            new, cancel, replace or mass-cancel.
 * @param account           trading account.
 * @param clientOrderId     the account's id for the order (or for the cancel request).
 * @param origClientOrderId the order a cancel or replace is for.
 * @param instrumentId      the book; 0 in a mass cancel for every book.
 * @param side              buy or sell (new).
 * @param orderType         limit or market (new).
 * @param timeInForce       gtc, ioc or fok (new).
 * @param postOnly          reject rather than cross (new).
 * @param price             limit price in ticks (new; replace: 0 keeps the order's).
 * @param quantity          to trade (new; replace: the new total order quantity, 0 keeps the order's).
 */
record OrderRequest(
    int line,
    String action,
    long account,
    long clientOrderId,
    long origClientOrderId,
    int instrumentId,
    Side side,
    OrderType orderType,
    TimeInForce timeInForce,
    boolean postOnly,
    long price,
    long quantity)
{
    /** Field names, as CSV header columns and JSON object fields. */
    static final List<String> FIELDS = List.of("action", "account", "client_order_id", "orig_client_order_id",
        "instrument", "side", "type", "time_in_force", "post_only", "price", "quantity");

    /**
     * @param command to set to this request.
     * @return the command.
     */
    OrderCommand applyTo(final OrderCommand command)
    {
        return switch (action)
        {
            case "new" -> command.newOrder(clientOrderId, account, instrumentId, side, orderType, timeInForce,
                postOnly, price, quantity);
            case "cancel" -> command.cancel(clientOrderId, origClientOrderId, account, instrumentId);
            case "replace" -> command.replace(clientOrderId, origClientOrderId, account, instrumentId, price,
                quantity);
            default -> command.massCancel(account, instrumentId);
        };
    }

    /**
     * Parse a whole file. Lines that are wrong are reported, not returned.
     *
     * @param lines  of the file.
     * @param json   true for JSON lines, false for CSV with a header.
     * @param errors told "line N: what is wrong" for each bad line.
     * @return the good lines, in file order.
     */
    static List<OrderRequest> parse(final List<String> lines, final boolean json, final List<String> errors)
    {
        final ObjectMapper mapper = new ObjectMapper();
        final List<OrderRequest> requests = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++)
        {
            final String text = lines.get(i).trim();
            if (text.isEmpty() || text.startsWith("#"))
            {
                continue;
            }
            try
            {
                final Map<String, String> fields;
                if (json)
                {
                    fields = jsonFields(mapper, text);
                }
                else if (null == header)
                {
                    header = csvHeader(text);
                    continue;
                }
                else
                {
                    fields = csvFields(header, text);
                }
                requests.add(of(i + 1, fields));
            }
            catch (final IllegalArgumentException ex)
            {
                errors.add("line " + (i + 1) + ": " + ex.getMessage());
            }
        }
        return requests;
    }

    private static OrderRequest of(final int line, final Map<String, String> fields)
    {
        for (final String name : fields.keySet())
        {
            if (!FIELDS.contains(name))
            {
                throw new IllegalArgumentException("unknown field '" + name + "'; fields are " + FIELDS);
            }
        }
        final String action = required(fields, "action").toLowerCase(Locale.ROOT).replace('_', '-');
        final long account = number(fields, "account", true);
        return switch (action)
        {
            case "new" -> new OrderRequest(line, action, account, number(fields, "client_order_id", true), 0,
                (int)number(fields, "instrument", true),
                choice(fields, "side", List.of(Side.BUY, Side.SELL)),
                null == fields.get("type") ? OrderType.LIMIT :
                    choice(fields, "type", List.of(OrderType.LIMIT, OrderType.MARKET)),
                null == fields.get("time_in_force") ? TimeInForce.GTC :
                    choice(fields, "time_in_force", List.of(TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK)),
                Boolean.parseBoolean(fields.getOrDefault("post_only", "false")),
                number(fields, "price", false), number(fields, "quantity", true));
            case "cancel" -> new OrderRequest(line, action, account, number(fields, "client_order_id", false),
                number(fields, "orig_client_order_id", true), (int)number(fields, "instrument", true), null, null,
                null, false, 0, 0);
            case "replace" -> new OrderRequest(line, action, account, number(fields, "client_order_id", true),
                number(fields, "orig_client_order_id", true), (int)number(fields, "instrument", true), null, null,
                null, false, number(fields, "price", false), number(fields, "quantity", false));
            case "mass-cancel" -> new OrderRequest(line, action, account, 0, 0,
                (int)number(fields, "instrument", false), null, null, null, false, 0, 0);
            default -> throw new IllegalArgumentException("action '" + action +
                "' is none of new, cancel, replace, mass-cancel");
        };
    }

    private static Map<String, String> jsonFields(final ObjectMapper mapper, final String text)
    {
        final JsonNode node;
        try
        {
            node = mapper.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("not JSON: " + JsonErrors.describe(ex), ex);
        }
        if (!node.isObject())
        {
            throw new IllegalArgumentException("not a JSON object");
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining((e) -> fields.put(e.getKey(), e.getValue().isNull() ? null :
            e.getValue().asText()));
        return fields;
    }

    private static List<String> csvHeader(final String text)
    {
        final List<String> header = new ArrayList<>();
        for (final String column : text.split(","))
        {
            header.add(column.trim().toLowerCase(Locale.ROOT));
        }
        if (!header.contains("action"))
        {
            throw new IllegalArgumentException("the first line of a CSV must be a header naming the columns, " +
                "e.g. " + String.join(",", FIELDS));
        }
        return header;
    }

    private static Map<String, String> csvFields(final List<String> header, final String text)
    {
        final String[] values = text.split(",", -1);
        if (values.length > header.size())
        {
            throw new IllegalArgumentException(values.length + " values for " + header.size() + " columns");
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++)
        {
            final String value = values[i].trim();
            fields.put(header.get(i), value.isEmpty() ? null : value);
        }
        return fields;
    }

    private static String required(final Map<String, String> fields, final String name)
    {
        final String value = fields.get(name);
        if (null == value)
        {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value;
    }

    private static long number(final Map<String, String> fields, final String name, final boolean required)
    {
        final String value = fields.get(name);
        if (null == value)
        {
            if (required)
            {
                throw new IllegalArgumentException("'" + name + "' is missing");
            }
            return 0;
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + name + "' is not an integer: " + value, ex);
        }
    }

    private static <E extends Enum<E>> E choice(
        final Map<String, String> fields, final String name, final List<E> allowed)
    {
        final String value = required(fields, name).toUpperCase(Locale.ROOT);
        for (final E e : allowed)
        {
            if (e.name().equals(value))
            {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is " + value.toLowerCase(Locale.ROOT) + "; one of " +
            allowed.stream().map((e) -> e.name().toLowerCase(Locale.ROOT)).toList() + " expected");
    }
}
