package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input gets a reject with its reason (where the sender can be answered), is counted, and the node
 * goes on serving everyone.
 */
class BadInputTest
{
    private static final int MAX_MESSAGE_LENGTH = 1024;

    @TempDir
    File dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4 * MAX_MESSAGE_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RecordEncoder record = new RecordEncoder();

    @Test
    void badInputIsRejectedWithItsReasonCountedAndOthersAreStillServed()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).maxMessageLength(MAX_MESSAGE_LENGTH));
            StreamFlowClient bad = TestNodes.ipcClient(node, 1);
            StreamFlowClient good = TestNodes.ipcClient(node, 2))
        {
            final RecordingListener badListener = new RecordingListener();
            final RecordingListener goodListener = new RecordingListener();
            final List<RejectReason> expected = new ArrayList<>();

            final Random random = new Random(7);
            for (int i = 0; i < 20; i++)
            {
                final int length = 1 + random.nextInt(200);
                for (int b = 0; b < length; b++)
                {
                    buffer.putByte(b, (byte)random.nextInt());
                }
                // Random bytes that happen to carry our schema id are vanishingly unlikely; make sure.
                if (length >= 8 && buffer.getShort(4) == MessageHeaderEncoder.SCHEMA_ID)
                {
                    buffer.putShort(4, (short)0);
                }
                send(bad, length, badListener);
                expected.add(length < MessageHeaderEncoder.ENCODED_LENGTH ?
                    RejectReason.TRUNCATED : RejectReason.UNKNOWN_SCHEMA);
                sendGoodRecord(good, goodListener);
            }

            int length = encodeRecord(bad.nextClientSequence(), 1, 16);
            buffer.putShort(4, (short)4242);
            send(bad, length, badListener);
            expected.add(RejectReason.UNKNOWN_SCHEMA);

            length = encodeRecord(bad.nextClientSequence(), 1, 16);
            buffer.putShort(6, (short)(MessageHeaderEncoder.SCHEMA_VERSION + 1));
            send(bad, length, badListener);
            expected.add(RejectReason.UNSUPPORTED_VERSION);

            length = encodeRecord(bad.nextClientSequence(), 1, 16);
            buffer.putShort(2, (short)99);
            send(bad, length, badListener);
            expected.add(RejectReason.UNKNOWN_TEMPLATE);

            length = encodeRecord(bad.nextClientSequence(), 1, 16);
            send(bad, length - 5, badListener);
            expected.add(RejectReason.TRUNCATED);

            length = encodeRecord(bad.nextClientSequence(), 1, 16);
            send(bad, MessageHeaderEncoder.ENCODED_LENGTH + 10, badListener);
            expected.add(RejectReason.TRUNCATED);

            length = encodeRecord(bad.nextClientSequence(), 1, 16);
            buffer.putInt(MessageHeaderEncoder.ENCODED_LENGTH + RecordEncoder.BLOCK_LENGTH, 1_000_000);
            send(bad, length, badListener);
            expected.add(RejectReason.TRUNCATED);

            length = encodeRecord(bad.nextClientSequence(), 1, MAX_MESSAGE_LENGTH);
            send(bad, length, badListener);
            expected.add(RejectReason.TOO_LARGE);

            length = encodeRecord(bad.nextClientSequence(), 999, 16);
            send(bad, length, badListener);
            expected.add(RejectReason.UNKNOWN_STREAM);

            length = encodeRecord(bad.nextClientSequence(), 1, 16);
            buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 12345);
            send(bad, length, badListener);
            expected.add(RejectReason.CLIENT_ID_MISMATCH);

            length = encodeRecord(-5, 1, 16);
            send(bad, length, badListener);
            expected.add(RejectReason.INVALID_FIELD);

            TestNodes.await(() -> badListener.rejects.size() == expected.size(), 10_000,
                () -> bad.poll(badListener, 16), expected.size() + " rejects");
            final List<RejectReason> actual = new ArrayList<>();
            badListener.rejects.forEach((r) -> actual.add(r.reason()));
            assertEquals(expected, actual);
            for (final RecordingListener.Reject reject : badListener.rejects)
            {
                assertTrue(reject.detail().length() > 10, "a reason people can read: " + reject.detail());
            }
            for (final RejectReason reason : RejectReason.values())
            {
                if (RejectReason.NULL_VAL != reason)
                {
                    assertEquals(expected.stream().filter(reason::equals).count(), node.counters().rejects(reason),
                        "counter of " + reason);
                }
            }

            final int sentBefore = goodListener.ackedClientSequences.size();
            TestNodes.await(() -> goodListener.ackedClientSequences.size() == 20, 10_000,
                () -> good.poll(goodListener, 16), "the good client's acks");
            assertTrue(sentBefore <= 20);
            sendGoodRecord(bad, badListener);
            TestNodes.await(() -> badListener.ackedClientSequences.size() == 1, 10_000,
                () -> bad.poll(badListener, 16), "the bad client is still served");
            assertEquals(21, node.counters().journalEntries(), "nothing bad was journaled");
        }
    }

    @Test
    void badInputFromASessionThatNeverConnectedIsCountedNotAnswered()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.context().aeronDirectoryName()));
            Publication raw = aeron.addPublication("aeron:ipc", node.context().ingressStreamId());
            StreamFlowClient good = TestNodes.ipcClient(node, 3))
        {
            TestNodes.await(raw::isConnected, 5000, () -> {}, "raw publication");
            buffer.setMemory(0, 64, (byte)0x5A);
            TestNodes.await(() -> raw.offer(buffer, 0, 64) > 0, 5000, () -> {}, "garbage sent");
            final int length = encodeRecord(0, 1, 8);
            TestNodes.await(() -> raw.offer(buffer, 0, length) > 0, 5000, () -> {}, "record sent");

            TestNodes.await(() -> node.counters().unanswerable() == 2, 5000, () -> {}, "both counted");
            assertEquals(1, node.counters().rejects(RejectReason.UNKNOWN_SCHEMA));
            assertEquals(1, node.counters().rejects(RejectReason.NOT_CONNECTED));

            final RecordingListener listener = new RecordingListener();
            sendGoodRecord(good, listener);
            TestNodes.await(() -> listener.ackedClientSequences.size() == 1, 5000, () -> good.poll(listener, 16),
                "good client served");
            assertEquals(1, node.counters().journalEntries());
        }
    }

    private int encodeRecord(final long clientSequence, final int streamId, final int payloadLength)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        record.wrapAndApplyHeader(buffer, 0, header)
            .clientId(1)
            .clientSequence(clientSequence)
            .streamId(streamId)
            .eventTimestampNs(0)
            .putKey(buffer, 0, 0);
        record.putPayload(new byte[payloadLength], 0, payloadLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength();
    }

    private void send(final StreamFlowClient client, final int length, final RecordingListener listener)
    {
        final long result = client.sendRaw(buffer, 0, length, listener);
        assertTrue(result > 0, "raw send failed: " + result);
    }

    private static void sendGoodRecord(final StreamFlowClient client, final RecordingListener listener)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        assertTrue(client.sendRecord(1, 0, null, 0, 0, payload, 0, 16, listener) >= 0);
    }
}
