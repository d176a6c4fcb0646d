package io.streamflow.cli;

import io.streamflow.client.OutputRecords;
import io.streamflow.pipelines.PipelineDefinition;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.OutputRecordDecoder;
import org.agrona.DirectBuffer;

/**
 * A pipeline's result as a JSON line, read from the output log or from a follow of it:
 * {@code {"offset":N,"sequence":S,"result":{...}}}, the result in the output's own format.
 */
final class OutputLines
{
    private final PipelineDefinition.Output output;
    private final StringBuilder json = new StringBuilder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OutputRecordDecoder record = new OutputRecordDecoder();
    private String line;

    OutputLines(final PipelineDefinition.Output output)
    {
        this.output = output;
    }

    /**
     * @param outputOffset of the result in its output stream.
     * @param message      buffer holding the output as the node published it.
     * @param offset       of the output.
     * @return the line, or null when the output is not a result in the output's format.
     */
    String line(final long outputOffset, final DirectBuffer message, final int offset)
    {
        line = null;
        OutputRecords.decode(message, offset, header, record,
            (engineSequence, timestampNs, payload, payloadOffset, payloadLength) ->
            {
                json.setLength(0);
                try
                {
                    output.format().appendJson(payload, payloadOffset, payloadLength, json);
                    line = "{\"offset\":" + outputOffset + ",\"sequence\":" + engineSequence + ",\"result\":" + json +
                        "}";
                }
                catch (final RuntimeException ex)
                {
                    line = null;
                }
            });
        return line;
    }
}
