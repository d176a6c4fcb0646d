package io.streamflow.engine;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalVerifier;
import io.streamflow.operators.Operator;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.NewOrderEncoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine whose state a host owns (a clustered node's): it starts empty whatever its journal holds, takes the
 * state from a snapshot the host gives it, and encodes its state for the host; messages the host replays into it
 * that its journal already holds are not journaled twice.
 */
class HostedStateTest
{
    private static final int RECORDS = 50;

    @TempDir
    File dir;

    @Test
    void aSnapshotRestoresTheWholeEngineOnAnotherNode()
    {
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
        final int snapshotLength;
        final long stateHash;
        final long emptyHash = new StandardOperator.Context().newOperator().stateHash();
        try (HostedEngine first = new HostedEngine(new File(dir, "first")))
        {
            first.connect(7);
            for (int i = 0; i < RECORDS - 1; i++)
            {
                first.record(7, i);
            }
            first.restingBuy(7, RECORDS - 1);
            first.runStages();
            assertTrue(first.engine.isApplied());
            snapshotLength = first.engine.encodeState(snapshot);
            stateHash = first.operator.stateHash();
            assertEquals(RECORDS - 1, first.acks.size(), "records acked; the order answered by its report");
        }

        try (HostedEngine second = new HostedEngine(new File(dir, "second")))
        {
            assertNotEquals(emptyHash, stateHash, "the resting order is in the state");
            assertEquals(emptyHash, second.operator.stateHash(), "starts empty");
            second.engine.restoreState(snapshot, 0, snapshotLength);
            assertEquals(stateHash, second.operator.stateHash());
            assertEquals(RECORDS, second.engine.admission().nextEngineSequence());

            second.connect(7);
            second.record(7, RECORDS - 1);
            second.record(7, RECORDS);
            second.runStages();
            assertEquals(List.of("7/" + (RECORDS - 1) + " DUPLICATE " + (RECORDS - 1), "7/" + RECORDS + " APPLIED " +
                RECORDS), second.acks, "the resend is a duplicate of the first node's command, the next one new");
        }
    }

    @Test
    void itStartsEmptyOnAJournalThatHoldsEntriesAndJournalsAReplayOnce()
    {
        final File nodeDir = new File(dir, "node");
        try (HostedEngine run = new HostedEngine(nodeDir))
        {
            run.connect(7);
            for (int i = 0; i < RECORDS; i++)
            {
                run.record(7, i);
            }
            run.runStages();
        }

        try (HostedEngine again = new HostedEngine(nodeDir))
        {
            assertEquals(0, again.engine.admission().nextEngineSequence(), "the journal is not replayed into it");
            // The host replays its log: the same messages, the same sequences; then one more.
            again.connect(7);
            for (int i = 0; i <= RECORDS; i++)
            {
                again.record(7, i);
            }
            again.runStages();
            assertEquals(RECORDS + 1, again.acks.size());
        }

        try (Journal journal = Journal.openReadOnly(new File(nodeDir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(RECORDS + 1, result.entries(), "each sequence once");
        }
    }

    @Test
    void aStateIsRestoredOnlyByAHostThatOwnsItBeforeTheFirstMessageAndOnlyWhole()
    {
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
        try (HostedEngine host = new HostedEngine(new File(dir, "host")))
        {
            final int length = host.engine.encodeState(snapshot);
            final IllegalStateException damaged = assertThrows(IllegalStateException.class,
                () -> host.engine.restoreState(snapshot, 0, length - 1));
            assertTrue(damaged.getMessage().startsWith("the host's snapshot is damaged: truncated"),
                damaged.getMessage());

            host.connect(7);
            final IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> host.engine.restoreState(snapshot, 0, length));
            assertEquals("the state is restored before the first message, not after", late.getMessage());
        }
    }

    /**
     * An engine driven as a host drives it: messages into admission, then the stages run on the same thread.
     */
    private static final class HostedEngine implements AutoCloseable
    {
        final MediaDriver driver;
        final Aeron aeron;
        final NodeCounters counters;
        final Operator operator = new StandardOperator.Context().newOperator();
        final Engine engine;
        final List<String> acks = new ArrayList<>();
        private final Session session = new Session();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private long timeNs = 1_000_000_000L;

        HostedEngine(final File nodeDir)
        {
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(new File(nodeDir.getParentFile(), nodeDir.getName() + "-driver").getPath())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            counters = new NodeCounters(aeron);
            engine = Engine.launch(new Engine.Context()
                .dir(nodeDir)
                .stateFromHost(true)
                .operator(operator)
                .counters(counters)
                .errorHandler((ex) ->
                {
                    throw new AssertionError("engine error", ex);
                })
                .egress(new RecordingEgress(acks)));
        }

        void connect(final long clientId)
        {
            final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, header)
                .clientId(clientId).responseStreamId(1).responseChannel("aeron:ipc").putCredentials(new byte[0], 0, 0);
            offer(MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
        }

        void record(final long clientId, final long clientSequence)
        {
            final RecordEncoder record = new RecordEncoder().wrapAndApplyHeader(buffer, 0, header)
                .clientId(clientId).clientSequence(clientSequence).streamId(1).eventTimestampNs(clientSequence);
            record.putKey(new byte[0], 0, 0).putPayload(new byte[8], 0, 8);
            offer(MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength());
        }

        void restingBuy(final long clientId, final long clientSequence)
        {
            final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
                .clientId(clientId).clientSequence(clientSequence).clientOrderId(clientSequence).account(clientId)
                .instrumentId(1).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .postOnly(BooleanType.FALSE).priceTicks(100).quantity(5);
            offer(MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength());
        }

        void runStages()
        {
            for (int i = 0; i < 1_000 && !engine.isDrained(); i++)
            {
                engine.stages().forEach((stage) ->
                {
                    try
                    {
                        stage.doWork();
                    }
                    catch (final Exception ex)
                    {
                        throw new AssertionError(ex);
                    }
                });
            }
            assertTrue(engine.isDrained(), "drained");
        }

        private void offer(final int length)
        {
            if (0 == engine.admission().freeSlots())
            {
                runStages();
            }
            engine.admission().onMessage(session, timeNs++, buffer, 0, length);
        }

        public void close()
        {
            engine.stages().forEach((stage) -> stage.onClose());
            CloseHelper.closeAll(engine, counters, aeron, driver);
            IoUtil.delete(new File(driver.aeronDirectoryName()), true);
        }
    }

    private static final class Session implements IngressSession
    {
        private long clientId = NO_CLIENT;

        public long sessionId()
        {
            return 1;
        }

        public long clientId()
        {
            return clientId;
        }

        public void bind(final long clientId)
        {
            this.clientId = clientId;
        }

        public void unbind()
        {
            clientId = NO_CLIENT;
        }
    }

    /**
     * Each ack as "client/clientSequence STATUS engineSequence".
     */
    private static final class RecordingEgress implements Egress
    {
        private final List<String> acks;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final AckDecoder ack = new AckDecoder();

        RecordingEgress(final List<String> acks)
        {
            this.acks = acks;
        }

        public void onConnect(final long clientId, final long sessionId, final DirectBuffer connect, final int offset,
            final int length, final long lastClientSequence, final RejectReason refusal)
        {
        }

        public void onDisconnect(final long clientId)
        {
        }

        public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            if (AckDecoder.TEMPLATE_ID == header.templateId())
            {
                ack.wrapAndApplyHeader(buffer, offset, header);
                acks.add(ack.clientId() + "/" + ack.clientSequence() + " " + ack.status() + " " +
                    ack.engineSequence());
            }
            return true;
        }

        public boolean sendToOutput(final int outputStreamId, final DirectBuffer buffer, final int offset,
            final int length)
        {
            return true;
        }

        public void close()
        {
        }
    }
}
