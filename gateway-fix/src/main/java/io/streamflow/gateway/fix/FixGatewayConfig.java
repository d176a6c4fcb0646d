package io.streamflow.gateway.fix;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * The FIX gateway's configuration file ({@code streamflow gateway-fix --config FILE}, docs/gateways.md): one setting
 * per line, {@code #} to the end of a line a comment.
 * <pre>
 *   listen     127.0.0.1:9880          # the acceptor; port 0: one found free at start
 *   comp-id    STREAMFLOW              # the gateway's CompID (the clients' TargetCompID)
 *   state-dir  fix-state               # Artio's sequence numbers and archive; relative to this file
 *   node       ipc /dev/shm/aeron-...  # the node's media driver (default: the node's default directory);
 *                                      # or: node udp host:port
 *   #          SenderCompID  client-id  accounts (the first: for messages without Account)
 *   session    TRADER1       101        1,2
 *   market-data md-feed md.secret       # the node principal (and its secret's file) market data is followed as
 *   #          Symbol  instrument  price-unit (FIX price of one unit of the node's prices)
 *   symbol     AAPL    1           0.01
 * </pre>
 * Credentials are the node's: a session logs on with the Username and Password of a principal of the node that may
 * use the session's client id.
 */
public final class FixGatewayConfig
{
    private FixGatewayConfig()
    {
    }

    /**
     * @param file the configuration file.
     * @return the gateway's configuration, not concluded.
     * @throws IllegalArgumentException naming the line of a setting that is wrong or missing.
     */
    public static FixGateway.Context read(final File file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the FIX gateway's configuration " + file, ex);
        }
        final File base = file.getAbsoluteFile().getParentFile();
        final FixGateway.Context ctx = new FixGateway.Context();
        boolean hasNode = false;
        boolean hasStateDir = false;
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = strip(lines.get(i));
            if (line.isEmpty())
            {
                continue;
            }
            final String[] words = line.split("\\s+");
            final String where = file.getName() + ":" + (i + 1) + ": ";
            try
            {
                switch (words[0])
                {
                    case "listen":
                        expect(words, 2, "listen HOST:PORT");
                        listen(ctx, words[1]);
                        break;
                    case "comp-id":
                        expect(words, 2, "comp-id COMPID");
                        ctx.compId(words[1]);
                        break;
                    case "state-dir":
                        expect(words, 2, "state-dir DIR");
                        final File stateDir = new File(words[1]);
                        ctx.stateDirectory(stateDir.isAbsolute() ? stateDir : new File(base, words[1]));
                        hasStateDir = true;
                        break;
                    case "node":
                        expect(words, 3, "node ipc AERON_DIR | node udp HOST:PORT");
                        if (hasNode)
                        {
                            throw new IllegalArgumentException("one node line only");
                        }
                        node(ctx, words[1], words[2]);
                        hasNode = true;
                        break;
                    case "session":
                        expect(words, 4, "session SENDER_COMP_ID CLIENT_ID ACCOUNT[,ACCOUNT...]");
                        ctx.session(new FixSessionSpec(words[1], Long.parseLong(words[2]), accounts(words[3])));
                        break;
                    case "market-data":
                        expect(words, 3, "market-data PRINCIPAL SECRET_FILE");
                        ctx.marketDataCredentials(marketDataCredentials(words[1], base, words[2]));
                        break;
                    case "symbol":
                        expect(words, 4, "symbol SYMBOL INSTRUMENT_ID PRICE_UNIT");
                        ctx.instruments().add(words[1], Integer.parseInt(words[2]), new BigDecimal(words[3]));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown setting '" + words[0] + "' (listen, comp-id, " +
                            "state-dir, node, market-data, session, symbol)");
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(where + ex.getMessage(), ex);
            }
        }
        if (!hasStateDir)
        {
            throw new IllegalArgumentException(file.getName() + ": no 'state-dir' line (Artio's sequence numbers " +
                "and archive)");
        }
        return ctx;
    }

    private static String strip(final String line)
    {
        final int comment = line.indexOf('#');
        return (comment >= 0 ? line.substring(0, comment) : line).trim();
    }

    private static void expect(final String[] words, final int count, final String form)
    {
        if (words.length != count)
        {
            throw new IllegalArgumentException("expected: " + form);
        }
    }

    private static void listen(final FixGateway.Context ctx, final String hostPort)
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("listen needs HOST:PORT: " + hostPort);
        }
        final String host = hostPort.substring(0, colon);
        final int port = Integer.parseInt(hostPort.substring(colon + 1));
        ctx.bindAddress(host).port(0 == port ? freePort(host) : port);
    }

    private static int freePort(final String host)
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(host)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find a free port on " + host, ex);
        }
    }

    private static void node(final FixGateway.Context ctx, final String kind, final String where)
    {
        switch (kind)
        {
            case "ipc":
                ctx.aeronDirectoryName(where);
                break;
            case "udp":
                ctx.embeddedNodeDriver(true)
                    .ingressChannel("aeron:udp?endpoint=" + where)
                    .responseChannel("aeron:udp?endpoint=localhost:0");
                break;
            default:
                throw new IllegalArgumentException("node is 'ipc AERON_DIR' or 'udp HOST:PORT', not " + kind);
        }
    }

    private static byte[] marketDataCredentials(final String principal, final File base, final String secretFile)
    {
        final File file = new File(secretFile).isAbsolute() ? new File(secretFile) : new File(base, secretFile);
        try
        {
            final String secret = Files.readString(file.toPath(), StandardCharsets.UTF_8).trim();
            return (principal + ":" + secret).getBytes(StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the market data secret file " + file + ": " + ex, ex);
        }
    }

    private static long[] accounts(final String list)
    {
        final String[] parts = list.split(",");
        final long[] accounts = new long[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            accounts[i] = Long.parseLong(parts[i].trim());
        }
        return accounts;
    }
}
