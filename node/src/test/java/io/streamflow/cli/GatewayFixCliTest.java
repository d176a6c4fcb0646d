package io.streamflow.cli;

import io.streamflow.engine.Principals;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.field.EncryptMethod;
import quickfix.field.HeartBtInt;
import quickfix.field.MsgSeqNum;
import quickfix.field.Password;
import quickfix.field.ResetSeqNumFlag;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.TargetCompID;
import quickfix.field.Username;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MarketDepth;
import quickfix.field.SubscriptionRequestType;
import quickfix.field.Symbol;
import quickfix.fix44.Logon;
import quickfix.fix44.MarketDataRequest;

import java.io.File;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streamflow gateway-fix --config FILE} in front of a running node: it reads its file, says where it accepts,
 * a FIX Logon with a node principal's credentials is answered with a Logon, and a file with a mistake is refused
 * naming the line.
 */
class GatewayFixCliTest
{
    @TempDir
    File dir;

    @Test
    void theGatewayAcceptsALogonWithTheNodesCredentials() throws Exception
    {
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), Principals.line("alice", "alice-secret", "701", "1") + "\n");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))
            .principals(Principals.load(credentials))))
        {
            final File config = new File(dir, "gateway-fix.conf");
            Files.writeString(config.toPath(), String.join("\n",
                "# a test gateway",
                "listen     127.0.0.1:0",
                "comp-id    VENUE",
                "state-dir  fix-state",
                "node       ipc " + node.context().aeronDirectoryName(),
                "session    ALICE  701  1   # alice's desk",
                "symbol     AAPL   1    0.01",
                ""));
            final Cli.Running gateway = Cli.start("gateway-fix", "--config", config.getPath(), "--duration", "5");
            gateway.awaitErr("streamflow fix gateway ready: FIX 4.4 acceptor 127.0.0.1:", 20_000);
            final Matcher port = Pattern.compile("acceptor 127\\.0\\.0\\.1:(\\d+)").matcher(gateway.err().toString());
            assertTrue(port.find(), gateway.err().toString());

            try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port.group(1))))
            {
                socket.setSoTimeout(10_000);
                final Logon logon = new Logon(new EncryptMethod(EncryptMethod.NONE_OTHER), new HeartBtInt(30));
                logon.set(new ResetSeqNumFlag(true));
                logon.set(new Username("alice"));
                logon.set(new Password("alice-secret"));
                logon.getHeader().setString(SenderCompID.FIELD, "ALICE");
                logon.getHeader().setString(TargetCompID.FIELD, "VENUE");
                logon.getHeader().setInt(MsgSeqNum.FIELD, 1);
                logon.getHeader().setUtcTimeStamp(SendingTime.FIELD, LocalDateTime.now(ZoneOffset.UTC));
                socket.getOutputStream().write(logon.toString().getBytes(StandardCharsets.US_ASCII));
                final String answer = readMessage(socket.getInputStream());
                assertTrue(answer.contains("\u000135=A\u0001"), "a Logon answers: " + answer);
                assertTrue(answer.contains("\u000149=VENUE\u0001"), answer);

                // No market-data principal in the file, and the node has principals: its follow is refused, and a
                // MarketDataRequest is told why.
                final MarketDataRequest request = new MarketDataRequest(new MDReqID("M1"),
                    new SubscriptionRequestType(SubscriptionRequestType.SNAPSHOT), new MarketDepth(1));
                final MarketDataRequest.NoMDEntryTypes types = new MarketDataRequest.NoMDEntryTypes();
                types.set(new MDEntryType(MDEntryType.BID));
                request.addGroup(types);
                final MarketDataRequest.NoRelatedSym related = new MarketDataRequest.NoRelatedSym();
                related.set(new Symbol("AAPL"));
                request.addGroup(related);
                request.getHeader().setString(SenderCompID.FIELD, "ALICE");
                request.getHeader().setString(TargetCompID.FIELD, "VENUE");
                request.getHeader().setInt(MsgSeqNum.FIELD, 2);
                request.getHeader().setUtcTimeStamp(SendingTime.FIELD, LocalDateTime.now(ZoneOffset.UTC));
                socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
                String reject = readMessage(socket.getInputStream());
                while (!reject.contains("\u000135=Y\u0001"))
                {
                    reject = readMessage(socket.getInputStream());
                }
                assertTrue(reject.contains("\u0001281=3\u0001") && reject.contains("market data"), reject);
            }
            final Cli done = gateway.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode, done.toString());
            assertTrue(done.err.contains("1 logons (0 refused)"), done.toString());
            assertTrue(new File(dir, "fix-state/artio").isDirectory(), "the state directory is the file's");
        }
    }

    @Test
    void aFileWithAMistakeIsRefusedNamingTheLine() throws Exception
    {
        final File config = new File(dir, "bad.conf");
        Files.writeString(config.toPath(), "listen 127.0.0.1:0\nstate-dir s\nnode ipc /nowhere\nsession X abc 1\n");
        final Cli refused = Cli.run("gateway-fix", "--config", config.getPath());
        assertEquals(2, refused.exitCode, refused.toString());
        assertTrue(refused.err.contains("bad.conf:4:"), refused.toString());
    }

    private static String readMessage(final InputStream in) throws java.io.IOException
    {
        final StringBuilder message = new StringBuilder();
        while (true)
        {
            final int b = in.read();
            assertTrue(b >= 0, "the gateway closed the connection after " + message);
            message.append((char)b);
            final int checksum = message.lastIndexOf("\u000110=");
            if (checksum >= 0 && message.length() == checksum + 8 && message.charAt(message.length() - 1) == 1)
            {
                return message.toString();
            }
        }
    }
}
