package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.RecordTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code streamflow load}: the demo's client against a node running in another process.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
        "Send records at a fixed rate to a running node (UDP by default, or --ipc) and print counts, throughput and",
        "round-trip latency percentiles, as the demo does."
    })
final class LoadCommand extends ToolCommand implements Callable<Integer>
{
    @Mixin
    LoadOptions load;

    @Mixin
    ClientOptions clientOptions;

    @Option(names = "--acked-out", description = "Write every acknowledged record to this file, one line each: " +
        "client sequence, engine sequence.")
    File ackedOut;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        // SIGINT or SIGTERM ends the load; the report of what was acknowledged is still printed, then the JVM exits.
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch reported = new CountDownLatch(1);
        final Thread onSignal = new Thread(() ->
        {
            stop.set(true);
            try
            {
                reported.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "streamflow-load-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (BufferedWriter acked = null == ackedOut ? null : Files.newBufferedWriter(ackedOut.toPath()))
        {
            return run(stop, acked);
        }
        catch (final RuntimeException | Error ex)
        {
            // Said before the shutdown hook lets the JVM go: a failure during a signalled stop is not lost.
            err().println("streamflow load: " + ex);
            throw ex;
        }
        finally
        {
            out().flush();
            err().flush();
            reported.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            }
            catch (final IllegalStateException ignore)
            {
                // Shutting down already: the hook is what let the report out.
            }
        }
    }

    private int run(final AtomicBoolean stop, final BufferedWriter ackedOut)
    {
        final LoadGenerator.AckObserver acks = null == ackedOut ? null : (clientSequence, engineSequence) ->
        {
            try
            {
                ackedOut.write(clientSequence + " " + engineSequence + "\n");
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write --acked-out", ex);
            }
        };
        // The report is printed before the client closes: a signal's shutdown may not let the close finish.
        try (StreamFlowClient client = clientOptions.connect())
        {
            return report(LoadGenerator.run(new RecordTarget(client, load.settings().streamId()), load.settings(),
                stop::get, acks), stop, client);
        }
    }

    private int report(final LoadGenerator.Result result, final AtomicBoolean stop, final StreamFlowClient client)
    {
        if (stop.get())
        {
            err().println("streamflow load: stopped by a signal; the report covers what was sent until then");
        }
        else if (result.unanswered() > 0)
        {
            err().println("streamflow load: " + result.unanswered() + " records unanswered: the node went away or " +
                "stopped answering");
        }
        if (result.rejected() > 0)
        {
            err().println("streamflow load: " + result.rejected() + " records rejected (last: " +
                result.lastRejectReason() + ")");
        }

        final String transport = clientOptions.describeTransport();
        if (load.json)
        {
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("transport", clientOptions.transportName());
            if (client.leaderMemberId() >= 0)
            {
                extra.put("leader_member_id", client.leaderMemberId());
                extra.put("leader_changes", client.leaderChanges());
                extra.put("commands_resent", client.resends());
            }
            extra.put("offered_rate_per_s", load.rate);
            extra.put("payload_bytes", load.payloadLength);
            out().println(LoadReport.json(result, extra));
        }
        else
        {
            LoadReport.printText(out(), "StreamFlow load: " + load.describe(transport), result);
            if (client.leaderMemberId() >= 0)
            {
                out().println("cluster: leader member " + client.leaderMemberId() + ", " + client.leaderChanges() +
                    " leader changes, " + client.resends() + " commands sent again to a new leader");
            }
        }

        out().flush();
        err().flush();
        return 0 == result.unanswered() && 0 == result.sendFailures() && 0 == result.rejected() && !stop.get() ?
            0 : 1;
    }
}
