package io.streamflow.operators;

import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.NewOrderEncoder;
import io.streamflow.sbe.RecordEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AcknowledgingRouterTest
{
    private final AcknowledgingRouter router = new AcknowledgingRouter();
    private final CollectingEgress sink = new CollectingEgress();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void everyCommandIsAcknowledgedToItsClientWithItsEngineSequence()
    {
        final RecordEncoder record = new RecordEncoder().wrapAndApplyHeader(command, 0, header)
            .clientId(31).clientSequence(7).streamId(1).eventTimestampNs(0);
        record.putKey(new byte[0], 0, 0).putPayload(new byte[4], 0, 4);
        router.onCommand(
            1000, 55, 2, 40, command, 0, MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength(), sink);

        final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(command, 0, header)
            .clientId(32).clientSequence(9);
        router.onCommand(
            1001, 56, -1, -1, command, 0, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength(), sink);

        assertEquals(List.of(31L, 32L), sink.destinations(false));
        final AckDecoder ack = new AckDecoder();
        final MessageHeaderDecoder ackHeader = new MessageHeaderDecoder();

        ack.wrapAndApplyHeader(sink.buffer, sink.messages.get(0).offset(), ackHeader);
        assertEquals(31, ack.clientId());
        assertEquals(7, ack.clientSequence());
        assertEquals(1000, ack.engineSequence());
        assertEquals(55, ack.timestampNs());
        assertEquals(AckStatus.APPLIED, ack.status());
        assertEquals(2, ack.partition(), "a record's ack says which partition it went to");
        assertEquals(40, ack.partitionOffset(), "and at which offset");

        ack.wrapAndApplyHeader(sink.buffer, sink.messages.get(1).offset(), ackHeader);
        assertEquals(32, ack.clientId());
        assertEquals(9, ack.clientSequence());
        assertEquals(1001, ack.engineSequence());
        assertEquals(AckDecoder.partitionNullValue(), ack.partition(), "an order is in no partition");
        assertEquals(AckDecoder.partitionOffsetNullValue(), ack.partitionOffset());
    }
}
