package io.streamflow.sequencer;

import io.streamflow.client.OrderCommand;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.Principals;
import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a credentials file a client acts only for its own: it connects with the credentials of a principal, as a client
 * id that principal owns, and sends orders only for that principal's accounts. Everything else is refused with a
 * reason and counted; without a file the node is open (every other test).
 */
class AuthorizationTest
{
    private static final long ALICE_CLIENT = 111;
    private static final long ALICE_ACCOUNT = 1;
    private static final long BOB_CLIENT = 224;
    private static final long BOB_ACCOUNT = 2;

    @TempDir
    File dir;

    @Test
    void aClientActsOnlyForItsOwnClientIdsAndAccounts() throws Exception
    {
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), String.join("\n",
            "# principal secret client-ids accounts",
            Principals.line("alice", "alice-secret", String.valueOf(ALICE_CLIENT), String.valueOf(ALICE_ACCOUNT)),
            Principals.line("bob", "bob-secret", String.valueOf(BOB_CLIENT), String.valueOf(BOB_ACCOUNT)),
            ""));
        final File nodeDir = new File(dir, "node");

        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(nodeDir)
            .principals(Principals.load(credentials))))
        {
            assertRefused(node, ALICE_CLIENT, null, null, RejectReason.AUTHENTICATION_FAILED);
            assertRefused(node, ALICE_CLIENT, "alice", "wrong", RejectReason.AUTHENTICATION_FAILED);
            assertRefused(node, ALICE_CLIENT, "mallory", "alice-secret", RejectReason.AUTHENTICATION_FAILED);
            assertRefused(node, ALICE_CLIENT, "bob", "bob-secret", RejectReason.NOT_AUTHORIZED);
            assertEquals(3, node.counters().rejects(RejectReason.AUTHENTICATION_FAILED));
            assertEquals(1, node.counters().rejects(RejectReason.NOT_AUTHORIZED));

            try (StreamFlowClient alice = client(node, ALICE_CLIENT, "alice", "alice-secret");
                StreamFlowClient bob = client(node, BOB_CLIENT, "bob", "bob-secret"))
            {
                final Reports aliceReports = new Reports();
                final Reports bobReports = new Reports();
                final OrderCommand command = new OrderCommand();
                send(alice, command.newOrder(1, ALICE_ACCOUNT, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
                    100, 10), aliceReports);
                assertEquals(List.of(ExecType.NEW), aliceReports.execTypes);

                send(bob, command.cancel(2, 1, ALICE_ACCOUNT, 1), bobReports);
                assertEquals(1, bobReports.rejects.size(), "bob may not cancel alice's order");
                assertEquals(RejectReason.NOT_AUTHORIZED, bobReports.rejects.get(0).reason());
                send(bob, command.newOrder(3, ALICE_ACCOUNT, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false,
                    100, 10), bobReports);
                assertEquals(2, bobReports.rejects.size(), "nor trade for alice's account");
                send(bob, command.massCancel(ALICE_ACCOUNT, 0), bobReports);
                assertEquals(3, bobReports.rejects.size(), "nor mass cancel it");
                assertEquals(List.of(), bobReports.execTypes, "nothing of bob's reached the book");
                assertEquals(4, node.counters().rejects(RejectReason.NOT_AUTHORIZED), "each refusal counted");

                send(bob, command.newOrder(4, BOB_ACCOUNT, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false,
                    200, 10), bobReports);
                assertEquals(List.of(ExecType.NEW), bobReports.execTypes, "bob trades for his own account");

                send(alice, command.cancel(5, 1, ALICE_ACCOUNT, 1), aliceReports);
                assertEquals(List.of(ExecType.NEW, ExecType.CANCELED), aliceReports.execTypes,
                    "alice's order was there until she cancelled it");
            }
        }
    }

    private static void assertRefused(
        final StreamFlowNode node, final long clientId, final String principal, final String secret,
        final RejectReason reason)
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> client(node, clientId, principal, secret).close());
        assertTrue(refused.getMessage().contains(reason.name()), refused.getMessage());
    }

    private static StreamFlowClient client(
        final StreamFlowNode node, final long clientId, final String principal, final String secret)
    {
        final StreamFlowClient.Context ctx = new StreamFlowClient.Context()
            .aeronDirectoryName(node.context().aeronDirectoryName())
            .outputChannel(node.context().outputChannel())
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .clientId(clientId);
        if (null != principal)
        {
            ctx.credentials(principal, secret);
        }
        return StreamFlowClient.connect(ctx);
    }

    private static void send(final StreamFlowClient client, final OrderCommand command, final Reports reports)
    {
        final int answersBefore = reports.answers();
        assertTrue(client.sendCommand(command, reports) >= 0);
        TestNodes.await(() -> reports.answers() > answersBefore, 5_000, () -> client.poll(reports, 16),
            "an answer to " + command.templateId());
    }

    /**
     * Execution reports and rejects a client is given.
     */
    private static final class Reports extends RecordingListener
    {
        final List<ExecType> execTypes = new ArrayList<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final ExecutionReportDecoder report = new ExecutionReportDecoder();

        public void onMessage(final int templateId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (ExecutionReportDecoder.TEMPLATE_ID == templateId)
            {
                header.wrap(buffer, offset);
                report.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                execTypes.add(report.execType());
            }
        }

        int answers()
        {
            return execTypes.size() + rejects.size() + ackedClientSequences.size();
        }
    }
}
