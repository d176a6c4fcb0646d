package io.streamflow.cli;

import io.aeron.FragmentAssembler;
import io.streamflow.client.FollowListener;
import io.streamflow.client.LogFollower;
import io.streamflow.client.OutputSubscription;
import io.streamflow.client.EgressListener;
import io.streamflow.client.OrderCommand;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.StreamFlowNode;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow orders}: an orders file to the matcher, and the drop copy back as JSON lines.
 */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description = {
        "Send the new / cancel / replace / mass-cancel commands of --input (CSV with a header, or JSON lines) in",
        "file order to a running node, or to one started in this process with --embedded, and print every",
        "execution report for them and every trade, in the order received, as JSON lines on stdout.",
        "Lines that cannot be read are reported on stderr and not sent (exit status 1)."
    })
final class OrdersCommand extends ToolCommand implements Callable<Integer>, EgressListener
{
    private static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(300);

    @Option(names = "--input", required = true, description = "File of order commands: *.csv or JSON lines.")
    File input;

    @Option(names = "--format", description = "csv or jsonl. Default: from the file name (.csv is CSV).")
    String format;

    @Option(names = "--embedded", description = "Start a node in this process (temporary directory) instead.")
    boolean embedded;

    @Option(names = "--top-of-book", description = "Print top-of-book changes too.")
    boolean topOfBook;

    @Option(names = "--market-data-channel", description = "Subscription channel of the node's output streams. " +
        "Default: ${DEFAULT-VALUE}")
    String marketDataChannel = ProtocolDefaults.OUTPUT_SUBSCRIPTION_CHANNEL;

    @Mixin
    ClientOptions clientOptions;

    @Mixin
    MatcherOptions matcherOptions;

    private final OrderJson json = new OrderJson();
    private long answeredUpTo = -1;
    private long rejected;
    private long messages;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final boolean isJson = null == format ? !input.getName().toLowerCase().endsWith(".csv") :
            "jsonl".equalsIgnoreCase(format) || "json".equalsIgnoreCase(format);
        if (null != format && !isJson && !"csv".equalsIgnoreCase(format))
        {
            throw new IllegalArgumentException("--format must be csv or jsonl: " + format);
        }
        final List<String> errors = new ArrayList<>();
        final List<OrderRequest> requests = OrderRequest.parse(
            Files.readAllLines(input.toPath(), StandardCharsets.UTF_8), isJson, errors);
        errors.forEach((e) -> err().println(input.getName() + " " + e + "; not sent"));

        File nodeDir = null;
        StreamFlowNode node = null;
        StreamFlowClient client = null;
        OutputSubscription marketData = null;
        LogFollower marketDataFollow = null;
        long lastSent = -1;
        try
        {
            if (embedded)
            {
                nodeDir = Files.createTempDirectory("streamflow-orders").toFile();
                node = StreamFlowNode.launch(new StreamFlowNode.Context().dir(nodeDir)
                    .operator(matcherOptions.applyTo(new StandardOperator.Context()).newOperator())
                    .aeronDirectoryName(TempDirs.newDriverDir("streamflow-orders").getPath())
                    .ingressUdpEndpoint("")
                    .outputChannel("aeron:ipc"));
                client = StreamFlowClient.connect(new StreamFlowClient.Context()
                    .aeronDirectoryName(node.context().aeronDirectoryName())
                    .outputChannel("aeron:ipc"));
            }
            else
            {
                client = clientOptions.connect(marketDataChannel);
            }

            // From a standalone node, market data come from its output log through the log server, followed from
            // the latest before the first order: nothing the orders cause is missed, whoever else listens. From a
            // cluster (or a node that logs no outputs), the live output stream.
            final FollowListener follower = (record) -> printMarketData(record.buffer(), record.payloadOffset());
            final long connectDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            if (null == clientOptions.cluster)
            {
                marketDataFollow = client.followOutput(ProtocolDefaults.MARKET_DATA_STREAM_ID, FollowFrom.LATEST, 0);
                while (LogFollower.State.REPLAYING.compareTo(marketDataFollow.state()) >= 0 &&
                    System.nanoTime() - connectDeadlineNs < 0)
                {
                    client.poll(this, 16);
                    marketDataFollow.poll(follower, 16);
                    Thread.yield();
                }
                if (LogFollower.State.LIVE != marketDataFollow.state())
                {
                    CloseHelper.quietClose(marketDataFollow);
                    marketDataFollow = null;
                }
            }
            final FragmentAssembler marketDataPrinter = new FragmentAssembler(
                (buffer, offset, length, header) -> printMarketData(buffer, offset));
            if (null == marketDataFollow)
            {
                marketData = client.subscribeOutput(ProtocolDefaults.MARKET_DATA_STREAM_ID);
                while (!marketData.isConnected() && System.nanoTime() - connectDeadlineNs < 0)
                {
                    client.poll(this, 16);
                    Thread.yield();
                }
                if (!marketData.isConnected())
                {
                    err().println("market data not reachable on " + marketData.channel() + ": trades will not be " +
                        "printed (is the node's --output-channel 'none'?)");
                }
            }

            final OrderCommand command = new OrderCommand();
            for (final OrderRequest request : requests)
            {
                final long sent = client.sendCommand(request.applyTo(command), this);
                if (sent < 0)
                {
                    err().println(input.getName() + " line " + request.line() + ": not sent (" + sent + ")");
                    errors.add("send");
                    break;
                }
                lastSent = sent;
                client.poll(this, 64);
                pollMarketData(marketData, marketDataPrinter, marketDataFollow, follower, 64);
            }

            // Every command answered, then the market data quiet for a moment: the trades of the last command.
            // Quiet means no message for us or on market data: not the client's own media driver's duty cycles.
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long lastMessageNs = System.nanoTime();
            long messagesSeen = messages;
            while (System.nanoTime() - deadlineNs < 0 &&
                (answeredUpTo < lastSent || System.nanoTime() - lastMessageNs < QUIET_NS))
            {
                client.poll(this, 256);
                pollMarketData(marketData, marketDataPrinter, marketDataFollow, follower, 256);
                if (messages != messagesSeen)
                {
                    messagesSeen = messages;
                    lastMessageNs = System.nanoTime();
                }
                else
                {
                    Thread.yield();
                }
            }
            if (answeredUpTo < lastSent)
            {
                err().println("commands after client sequence " + answeredUpTo + " were not answered in time");
                errors.add("unanswered");
            }
        }
        finally
        {
            CloseHelper.quietCloseAll(marketDataFollow, marketData, client, node);
            if (null != nodeDir)
            {
                IoUtil.delete(nodeDir, true);
            }
        }
        out().flush();

        return errors.isEmpty() && 0 == rejected ? 0 : 1;
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
        messages++;
        answeredUpTo = Math.max(answeredUpTo, clientSequence);
        out().println(json.ack(clientSequence, engineSequence));
    }

    /**
     * {@inheritDoc}
     */
    public void onReject(
        final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
    {
        messages++;
        answeredUpTo = Math.max(answeredUpTo, clientSequence);
        rejected++;
        out().println(json.reject(clientSequence, reason, detail));
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(final int templateId, final DirectBuffer buffer, final int offset, final int length)
    {
        messages++;
        final String line = json.line(buffer, offset);
        if (null != line)
        {
            answeredUpTo = Math.max(answeredUpTo, json.reportClientSequence());
            if (json.wasRejection())
            {
                rejected++;
            }
            out().println(line);
        }
    }

    private static int pollMarketData(
        final OutputSubscription marketData,
        final FragmentAssembler printer,
        final LogFollower marketDataFollow,
        final FollowListener follower,
        final int limit)
    {
        return null != marketDataFollow ? marketDataFollow.poll(follower, limit) :
            null != marketData ? marketData.poll(printer, limit) : 0;
    }

    private void printMarketData(final DirectBuffer buffer, final int offset)
    {
        messages++;
        final String line = json.line(buffer, offset);
        if (null != line && (topOfBook || !line.startsWith("{\"type\":\"top_of_book\"")))
        {
            out().println(line);
        }
    }
}
