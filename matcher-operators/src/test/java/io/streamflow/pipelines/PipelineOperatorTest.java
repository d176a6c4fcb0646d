package io.streamflow.pipelines;

import io.streamflow.operators.CollectingEgress;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.OutputRecordDecoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectDecoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipelines of a node as its record operator: records acknowledged, pushed into the pipelines that read their
 * stream, results out as OutputRecords; unreadable payloads refused with a reason; state snapshotted and restored.
 */
class PipelineOperatorTest
{
    private static final Map<String, Integer> STREAMS = Map.of("records", 1, "telemetry", 2, "nexmark", 4);
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * SECOND;

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[512]);
    private final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(64);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CollectingEgress egress = new CollectingEgress();
    private long sequence;

    @Test
    void telemetryWindowsComeOutOnTheirStreamAsJson()
    {
        final PipelineOperator operator = telemetryOperator();
        reading(operator, 3, 1, 100, T0 + 100_000_000L);
        reading(operator, 3, 1, 300, T0 + 900_000_000L);
        reading(operator, 3, 1, 200, T0 + 500_000_000L);
        reading(operator, 4, 1, 7, T0 + SECOND + 100_000_000L);
        assertEquals(List.of(), outputs(), "the window [T0, T0+1s) is open until the watermark (newest event time " +
            "less the 200 ms bound) passes its end");

        reading(operator, 4, 1, 9, T0 + SECOND + 300_000_000L);
        reading(operator, 4, 1, 9, T0 + SECOND + 200_000_000L);
        assertEquals(List.of("{\"window_start_ms\":1700000000000,\"window_end_ms\":1700000001000,\"device\":3," +
            "\"metric\":1,\"count\":3,\"min\":100,\"max\":300,\"mean\":200.0,\"p50\":200,\"p99\":301}"), outputs(),
            "percentiles at HdrHistogram's precision (2 digits: 300 reads back as the top of its bucket, 301)");
        assertEquals(6, egress.destinations(false).size(), "every reading acknowledged");
    }

    @Test
    void aReadingLaterThanItsWindowGoesToTheLateOutput()
    {
        final PipelineOperator operator = telemetryOperator();
        reading(operator, 1, 0, 5, T0 + 100);
        reading(operator, 1, 0, 5, T0 + 2 * SECOND);
        reading(operator, 1, 0, 6, T0 + 200);

        final List<String> late = new ArrayList<>();
        for (final CollectingEgress.Message m : egress.messages)
        {
            if (m.toOutput() && m.destination() == TelemetryPipeline.LATE_OUTPUT_STREAM_ID)
            {
                late.add(render(m, TelemetryPipeline.READINGS));
            }
        }
        assertEquals(List.of("{\"device\":1,\"metric\":0,\"value\":6,\"time\":1700000000000}"), late);
    }

    @Test
    void anUnreadablePayloadIsRefusedWithAReasonAndAppliedNowhere()
    {
        final PipelineOperator operator = telemetryOperator();
        final long hash = operator.stateHash();
        record(operator, 2, new byte[5]);

        assertEquals(1, operator.invalidRecords());
        assertEquals(1, egress.messages.size());
        final RejectDecoder reject = new RejectDecoder().wrapAndApplyHeader(egress.buffer, 0,
            new MessageHeaderDecoder());
        assertEquals(RejectReason.INVALID_FIELD, reject.reason());
        assertTrue(reject.detail().contains("not a record of the stream's format"));
        assertEquals(hash, operator.stateHash(), "no pipeline applied it");
    }

    @Test
    void recordsOfOtherStreamsAreOnlyAcknowledged()
    {
        final PipelineOperator operator = telemetryOperator();
        record(operator, 1, new byte[3]);
        assertEquals(1, egress.messages.size());
        final AckDecoder ack = new AckDecoder().wrapAndApplyHeader(egress.buffer, 0, new MessageHeaderDecoder());
        assertEquals(0, ack.engineSequence());
    }

    @Test
    void aRestoredOperatorEmitsWhatTheOriginalWould()
    {
        final PipelineOperator original = telemetryOperator();
        reading(original, 3, 1, 100, T0 + 100);
        reading(original, 3, 2, 300, T0 + 200);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
        final int length = original.snapshot(snapshot, 0);
        final PipelineOperator restored = telemetryOperator();
        restored.restore(snapshot, 0, length);
        assertEquals(original.stateHash(), restored.stateHash());

        reading(original, 3, 1, 1, T0 + 5 * SECOND);
        final List<String> fromOriginal = outputs();
        egress.messages.clear();
        sequence--;
        reading(restored, 3, 1, 1, T0 + 5 * SECOND);
        assertEquals(2, fromOriginal.size());
        assertEquals(fromOriginal, outputs());

        assertThrows(IllegalArgumentException.class, () -> telemetryOperator().restore(snapshot, 0, length - 1));
    }

    @Test
    void aPipelineNeedsItsStreamAndAKnownName()
    {
        final IllegalArgumentException noStream = assertThrows(IllegalArgumentException.class,
            () -> new PipelineOperator(List.of(Pipelines.named("nexmark-q5")), Map.of("records", 1)));
        assertTrue(noStream.getMessage().contains("reads stream 'nexmark'"), noStream.getMessage());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> Pipelines.named("nexmark-q99"));
        assertTrue(unknown.getMessage().contains("nexmark-q5"), "names the ones there are: " + unknown.getMessage());
    }

    @Test
    void aPipelineOnTheClassPathIsRunByName()
    {
        final PipelineDefinition definition = Pipelines.named("records-per-second");
        assertEquals(EveryRecordCounted.class, definition.getClass(), "found through META-INF/services");
        final PipelineOperator operator = new PipelineOperator(List.of(definition), STREAMS);
        record(operator, 1, new byte[]{ 1 });
        record(operator, 1, new byte[]{ 2, 3 });
        assertEquals(2, egress.destinations(false).size(), "each record acknowledged");
        assertEquals(List.of(2900), java.util.Arrays.stream(operator.outputStreamIds()).boxed().toList());
    }

    @Test
    void nexmarkEventsRoundTripThroughTheirJsonForm()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final Map<String, String> bid = Map.of("bid.auction", "1000", "bid.bidder", "7", "bid.price", "120",
            "bid.dateTime", "1700000000002", "bid.url", "ignored");
        final StringBuilder json = new StringBuilder();
        NexmarkFormats.EVENTS.appendJson(buffer, 0, NexmarkFormats.EVENTS.encode(bid, buffer), json);
        assertEquals("{\"bid\":{\"auction\":1000,\"bidder\":7,\"price\":120,\"channel\":0," +
            "\"dateTime\":1700000000002}}", json.toString());

        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> NexmarkFormats.EVENTS.encode(Map.of("bid.auction", "1"), buffer));
        assertTrue(missing.getMessage().contains("'bid.bidder' is missing"), missing.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> NexmarkFormats.EVENTS.encode(Map.of("person.id", "1", "bid.auction", "1"), buffer));
    }

    private PipelineOperator telemetryOperator()
    {
        return new PipelineOperator(List.of(Pipelines.named("telemetry")), STREAMS);
    }

    private List<String> outputs()
    {
        final List<String> json = new ArrayList<>();
        for (final CollectingEgress.Message m : egress.messages)
        {
            if (m.toOutput() && m.destination() == TelemetryPipeline.OUTPUT_STREAM_ID)
            {
                json.add(render(m, TelemetryPipeline.WINDOWS));
            }
        }
        return json;
    }

    private String render(final CollectingEgress.Message message, final RecordFormat format)
    {
        final OutputRecordDecoder output = new OutputRecordDecoder().wrapAndApplyHeader(
            egress.buffer, message.offset(), new MessageHeaderDecoder());
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[output.payloadLength()]);
        output.getPayload(bytes, 0, bytes.capacity());
        final StringBuilder json = new StringBuilder();
        format.appendJson(bytes, 0, bytes.capacity(), json);
        return json.toString();
    }

    private void reading(
        final PipelineOperator operator, final long device, final long metric, final long value, final long timeNs)
    {
        final int length = TelemetryPipeline.Reading.encode(payload, device, metric, value, timeNs);
        final byte[] bytes = new byte[length];
        payload.getBytes(0, bytes);
        record(operator, 2, bytes);
    }

    private void record(final PipelineOperator operator, final int streamId, final byte[] bytes)
    {
        final RecordEncoder record = new RecordEncoder().wrapAndApplyHeader(command, 0, header)
            .clientId(9).clientSequence(sequence).streamId(streamId).eventTimestampNs(0);
        record.putKey(new byte[0], 0, 0).putPayload(bytes, 0, bytes.length);
        operator.onCommand(sequence++, T0, 0, sequence, command, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength(), egress);
    }
}
