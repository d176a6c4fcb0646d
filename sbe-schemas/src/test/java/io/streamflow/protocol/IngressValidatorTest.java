package io.streamflow.protocol;

import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.CommitOffsetEncoder;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.JoinGroupEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.NewOrderEncoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class IngressValidatorTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final IngressValidator validator = new IngressValidator(512);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void wellFormedCommandsPass()
    {
        assertNull(validator.validate(buffer, 0, record(3, 10)));
        assertNull(validator.validate(buffer, 0, connect("aeron:ipc")));
        assertNull(validator.validate(buffer, 0, newOrder(Side.BUY.value(), 1)));
    }

    @Test
    void aConnectOfTheFirstSchemaVersionHasNoCredentialsAndStillPasses()
    {
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).responseStreamId(2).responseChannel("aeron:ipc");
        buffer.putShort(6, (short)1);
        final int length = HEADER + connect.encodedLength();
        assertNull(validator.validate(buffer, 0, length), "version 1: the response channel is its last field");
        buffer.putShort(6, (short)2);
        assertEquals(RejectReason.TRUNCATED, validator.validate(buffer, 0, length), "version 2 has credentials");
    }

    @Test
    void eachDefectHasItsReason()
    {
        assertEquals(RejectReason.TRUNCATED, validator.validate(buffer, 0, 3));

        int length = record(0, 0);
        buffer.putShort(4, (short)1);
        assertEquals(RejectReason.UNKNOWN_SCHEMA, validator.validate(buffer, 0, length));

        length = record(0, 0);
        buffer.putShort(6, (short)(MessageHeaderEncoder.SCHEMA_VERSION + 1));
        assertEquals(RejectReason.UNSUPPORTED_VERSION, validator.validate(buffer, 0, length));
        buffer.putShort(6, (short)0);
        assertEquals(RejectReason.UNSUPPORTED_VERSION, validator.validate(buffer, 0, length));

        length = record(0, 0);
        buffer.putShort(2, (short)21);
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, validator.validate(buffer, 0, length), "egress is not ingress");

        length = record(0, 0);
        buffer.putShort(0, (short)(RecordEncoder.BLOCK_LENGTH - 1));
        assertEquals(RejectReason.MALFORMED, validator.validate(buffer, 0, length));

        length = record(0, 0);
        assertEquals(RejectReason.TRUNCATED, validator.validate(buffer, 0, HEADER + 4));

        length = record(4, 20);
        assertEquals(RejectReason.TRUNCATED, validator.validate(buffer, 0, length - 1));
        assertEquals(RejectReason.MALFORMED, validator.validate(buffer, 0, length + 1), "trailing bytes");

        length = record(4, 20);
        buffer.putInt(HEADER + RecordEncoder.BLOCK_LENGTH, -1);
        assertEquals(RejectReason.TRUNCATED, validator.validate(buffer, 0, length), "length beyond the message");

        assertEquals(RejectReason.TOO_LARGE, validator.validate(buffer, 0, record(0, 600)));

        length = record(0, 0);
        buffer.putLong(HEADER + RecordEncoder.clientSequenceEncodingOffset(), -1);
        assertEquals(RejectReason.INVALID_FIELD, validator.validate(buffer, 0, length));

        assertEquals(RejectReason.INVALID_FIELD, validator.validate(buffer, 0, newOrder((short)7, 1)));
        assertEquals(RejectReason.INVALID_FIELD, validator.validate(buffer, 0, newOrder(Side.SELL.value(), 9)));
    }

    @Test
    void aGroupCommandNeedsAPrintableNameOfAtMost64CharactersAndJoinASessionTimeoutInRange()
    {
        assertNull(validator.validate(buffer, 0, join("billing", 10_000)));
        assertNull(validator.validate(buffer, 0, join("g".repeat(IngressTemplate.MAX_GROUP_NAME_LENGTH), 10_000)));
        assertNull(validator.validate(buffer, 0, commit("billing")));
        assertEquals(RejectReason.INVALID_FIELD, validator.validate(buffer, 0, commit("")));
        assertEquals(RejectReason.INVALID_FIELD, validator.validate(buffer, 0, commit("bill ing")));
        assertEquals(RejectReason.INVALID_FIELD, validator.validate(buffer, 0, commit("bill\u0001")));
        assertEquals(RejectReason.INVALID_FIELD,
            validator.validate(buffer, 0, join("g".repeat(IngressTemplate.MAX_GROUP_NAME_LENGTH + 1), 10_000)));
        assertEquals(RejectReason.INVALID_FIELD,
            validator.validate(buffer, 0, join("billing", IngressValidator.MIN_SESSION_TIMEOUT_MS - 1)));
        assertEquals(RejectReason.INVALID_FIELD,
            validator.validate(buffer, 0, join("billing", IngressValidator.MAX_SESSION_TIMEOUT_MS + 1)));
        assertNull(validator.validate(buffer, 0, join("billing", IngressValidator.MAX_SESSION_TIMEOUT_MS)));
    }

    @Test
    void randomBytesNeverThrowAndAreNeverAccepted()
    {
        final Random random = new Random(42);
        for (int i = 0; i < 100_000; i++)
        {
            final int length = random.nextInt(300);
            for (int b = 0; b < length; b++)
            {
                buffer.putByte(b, (byte)random.nextInt());
            }
            if (length >= 6 && buffer.getShort(4) == MessageHeaderEncoder.SCHEMA_ID)
            {
                continue;
            }
            assertNotNull(validator.validate(buffer, 0, length));
        }
    }

    @Test
    void mutatedValidMessagesNeverThrow()
    {
        final Random random = new Random(43);
        for (int i = 0; i < 100_000; i++)
        {
            final int length = record(random.nextInt(10), random.nextInt(100));
            buffer.putByte(random.nextInt(length), (byte)random.nextInt());
            validator.validate(buffer, 0, random.nextInt(length + 1));
        }
    }

    private int record(final int keyLength, final int payloadLength)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        final RecordEncoder record = new RecordEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).clientSequence(2).streamId(1).eventTimestampNs(3);
        record.putKey(new byte[keyLength], 0, keyLength);
        record.putPayload(new byte[payloadLength], 0, payloadLength);
        return HEADER + record.encodedLength();
    }

    private int join(final String group, final int sessionTimeoutMs)
    {
        final JoinGroupEncoder join = new JoinGroupEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).clientSequence(2).streamId(1).sessionTimeoutMs(sessionTimeoutMs).group(group);
        return HEADER + join.encodedLength();
    }

    private int commit(final String group)
    {
        final CommitOffsetEncoder commit = new CommitOffsetEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).clientSequence(2).generation(1).partition(0).partitionOffset(5).group(group);
        return HEADER + commit.encodedLength();
    }

    private int connect(final String channel)
    {
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).responseStreamId(2).responseChannel(channel).putCredentials(new byte[0], 0, 0);
        return HEADER + connect.encodedLength();
    }

    private int newOrder(final short side, final int timeInForce)
    {
        final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).clientSequence(2).clientOrderId(3).account(4).instrumentId(5)
            .side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).postOnly(BooleanType.FALSE)
            .priceTicks(100).quantity(10);
        buffer.putByte(HEADER + NewOrderEncoder.sideEncodingOffset(), (byte)side);
        buffer.putByte(HEADER + NewOrderEncoder.timeInForceEncodingOffset(), (byte)timeInForce);
        return HEADER + order.encodedLength();
    }
}
