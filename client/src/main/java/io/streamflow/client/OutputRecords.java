package io.streamflow.client;

import io.aeron.FragmentAssembler;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.OutputRecordDecoder;
import org.agrona.DirectBuffer;

/**
 * Reading a pipeline's output stream (see {@link StreamFlowClient#subscribeOutput}): each {@code OutputRecord}
 * handed over as its result's bytes. Messages of other kinds on the stream are skipped.
 */
public final class OutputRecords
{
    private OutputRecords()
    {
    }

    /**
     * Receives one result of a pipeline.
     */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * @param engineSequence of the command whose processing emitted it.
         * @param timestampNs    the result's timestamp (a window's: its end, in event time).
         * @param buffer         holding the result's bytes, valid during the call only.
         * @param offset         of the result.
         * @param length         of the result.
         */
        void onResult(long engineSequence, long timestampNs, DirectBuffer buffer, int offset, int length);
    }

    /**
     * @param handler for each result.
     * @return a fragment handler to poll the output subscription with (it reassembles fragmented messages).
     */
    public static FragmentHandler handler(final Handler handler)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OutputRecordDecoder record = new OutputRecordDecoder();
        return new FragmentAssembler((final DirectBuffer buffer, final int offset, final int length,
            final Header fragmentHeader) -> decode(buffer, offset, header, record, handler));
    }

    /**
     * Hand one message over, when it is an {@code OutputRecord}: as the output stream carried it, or as the output
     * log holds it.
     *
     * @param buffer  holding the message.
     * @param offset  of the message.
     * @param header  to decode with.
     * @param record  to decode with.
     * @param handler for the result.
     * @return true when it was an {@code OutputRecord}.
     */
    public static boolean decode(
        final DirectBuffer buffer,
        final int offset,
        final MessageHeaderDecoder header,
        final OutputRecordDecoder record,
        final Handler handler)
    {
        header.wrap(buffer, offset);
        if (OutputRecordDecoder.TEMPLATE_ID != header.templateId() ||
            OutputRecordDecoder.SCHEMA_ID != header.schemaId())
        {
            return false;
        }
        record.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long engineSequence = record.engineSequence();
        final long timestampNs = record.timestampNs();
        handler.onResult(engineSequence, timestampNs, buffer,
            record.limit() + OutputRecordDecoder.payloadHeaderLength(), record.payloadLength());
        return true;
    }
}
