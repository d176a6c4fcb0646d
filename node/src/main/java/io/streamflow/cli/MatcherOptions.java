package io.streamflow.cli;

import io.streamflow.matcher.Instruments;
import io.streamflow.matcher.MatchingEngine;
import io.streamflow.pipelines.StandardOperator;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Options of a node's matcher, shared by {@code node}, {@code demo} and {@code orders --embedded}.
 */
final class MatcherOptions
{
    @Option(names = "--instruments",
        description = "CSV of the instruments the matcher trades (" + Instruments.HEADER + "). Default: ids 1-" +
        Instruments.DEFAULT_COUNT + ", tick 1, lot 1, prices 1-" + Instruments.DEFAULT_MAX_PRICE + ".")
    File instruments;

    @Option(names = "--max-orders", description = "Open orders the matcher holds at most. Default: " +
        StandardOperator.MAX_ORDERS_DEFAULT)
    Integer maxOrders;

    @Option(names = "--clordid-memory", description = "Client order ids of accepted orders each account " +
        "remembers per UTC day: one used again is a duplicate even after its order ended (FIX: ClOrdID unique per " +
        "day); past this many the oldest is forgotten; 0 checks only open orders. Default: " +
        "${DEFAULT-VALUE}", defaultValue = "" + MatchingEngine.Context.CLIENT_ORDER_ID_MEMORY_DEFAULT)
    int clientOrderIdMemory;

    StandardOperator.Context applyTo(final StandardOperator.Context ctx)
    {
        if (null != instruments)
        {
            try
            {
                ctx.instruments(Instruments.parse(Files.readAllLines(instruments.toPath()), instruments.getPath()));
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read instruments file " + instruments + ": " + ex, ex);
            }
        }
        if (null != maxOrders)
        {
            ctx.maxOrders(maxOrders);
        }
        return ctx.clientOrderIdMemory(clientOrderIdMemory);
    }
}
