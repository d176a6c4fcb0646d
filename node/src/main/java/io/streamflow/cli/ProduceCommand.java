package io.streamflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.pipelines.Pipelines;
import io.streamflow.pipelines.RecordFormat;
import io.streamflow.sbe.RejectReason;
import io.streamflow.engine.EngineConfiguration;
import io.streamflow.protocol.StreamCatalog;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow produce}: one record per JSON line, from stdin or a file, to a running node.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
        "Send one record per JSON line of stdin (or --input FILE) to a running node, wait for every answer, and",
        "print a summary. The line is the payload; --key-field takes the record key from a field of it.",
        "On a stream a shipped pipeline reads (nexmark, telemetry) each line is encoded into that stream's binary",
        "record format instead (see 'streamflow pipelines'); --raw sends the JSON text as it is.",
        "Blank lines are skipped; a line that is not JSON, or not of the stream's format, is reported and not",
        "sent (exit status 1)."
    })
final class ProduceCommand extends ToolCommand implements Callable<Integer>, EgressListener
{
    @Option(names = "--stream", required = true, description = "Stream name or id.")
    String stream;

    @Option(names = "--key-field", description = "JSON field whose value is the record key.")
    String keyField;

    @Option(names = "--input", description = "File of JSON lines. Default: stdin.")
    File input;

    @Option(names = "--partition", description = "Append every record to this partition of the stream. Default: " +
        "the node chooses from the key (docs/log.md).")
    int partition = StreamFlowClient.NO_PARTITION;

    @Option(names = "--streams", description = "Stream names as name=id[:partitions],... (as the node was " +
        "given them). Default: " + EngineConfiguration.STREAMS_DEFAULT + ", then those the node lists (a stream " +
        "created at run time).")
    String streams;

    @Option(names = "--raw", description = "Send each line as it is, even to a stream with a record format.")
    boolean raw;

    @Mixin
    ClientOptions clientOptions;

    private long acked;
    private long duplicates;
    private long rejected;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final StreamCatalog catalog = JournalStreams.ofNode(clientOptions, streams, stream);
        final int streamId = catalog.resolve(stream);
        final RecordFormat format = raw ? null : Pipelines.inputFormat(catalog.nameOf(streamId));
        final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(256);
        final ObjectMapper mapper = new ObjectMapper();
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[0]);
        final UnsafeBuffer payloadBuffer = new UnsafeBuffer(new byte[0]);
        long sent = 0;
        long invalid = 0;
        long lineNumber = 0;

        try (StreamFlowClient client = clientOptions.connect();
            BufferedReader lines = new BufferedReader(reader()))
        {
            String line;
            while (null != (line = lines.readLine()))
            {
                lineNumber++;
                if (line.isBlank())
                {
                    continue;
                }

                final JsonNode node;
                try
                {
                    node = mapper.readTree(line);
                }
                catch (final IOException ex)
                {
                    err().println("line " + lineNumber + ": not JSON, not sent: " +
                        (ex instanceof JsonProcessingException ? JsonErrors.describe((JsonProcessingException)ex) :
                        ex.getMessage()));
                    invalid++;
                    continue;
                }

                final byte[] key = keyOf(node);
                final int payloadLength;
                if (null == format)
                {
                    final byte[] payload = line.getBytes(StandardCharsets.UTF_8);
                    payloadBuffer.wrap(payload);
                    payloadLength = payload.length;
                }
                else
                {
                    try
                    {
                        payloadLength = format.encode(JsonFlattening.flatten(node), encoded);
                        payloadBuffer.wrap(encoded, 0, payloadLength);
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        err().println("line " + lineNumber + ": not a " + stream + " record, not sent: " +
                            ex.getMessage());
                        invalid++;
                        continue;
                    }
                }
                keyBuffer.wrap(key);
                final long result = client.sendRecordTo(streamId, partition, System.currentTimeMillis() * 1_000_000L,
                    keyBuffer, 0, key.length, payloadBuffer, 0, payloadLength, this);
                if (result < 0)
                {
                    err().println("line " + lineNumber + ": not sent (" + describe(result) + ")");
                    invalid++;
                    continue;
                }
                sent++;
                client.poll(this, 64);
            }

            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (acked + duplicates + rejected < sent && System.nanoTime() - deadlineNs < 0)
            {
                if (0 == client.poll(this, 256))
                {
                    Thread.yield();
                }
            }
        }

        final long unanswered = sent - acked - duplicates - rejected;
        out().println("produced " + sent + " records to stream " + stream + " (id " + streamId + "): acked " +
            acked + ", duplicates " + duplicates + ", rejected " + rejected + ", unanswered " + unanswered +
            ", lines not sent " + invalid);

        return 0 == invalid && 0 == rejected && 0 == unanswered ? 0 : 1;
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
        if (duplicate)
        {
            duplicates++;
        }
        else
        {
            acked++;
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onReject(
        final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
    {
        rejected++;
        err().println("record " + clientSequence + " rejected: " + reason + " (" + detail + ")");
    }

    private byte[] keyOf(final JsonNode node)
    {
        if (null == keyField)
        {
            return new byte[0];
        }
        final JsonNode value = node.get(keyField);
        if (null == value || value.isNull())
        {
            return new byte[0];
        }
        return (value.isValueNode() ? value.asText() : value.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private Reader reader() throws IOException
    {
        return null == input ?
            new InputStreamReader(System.in, StandardCharsets.UTF_8) :
            Files.newBufferedReader(input.toPath(), StandardCharsets.UTF_8);
    }

    private static String describe(final long result)
    {
        if (StreamFlowClient.SEND_TIMEOUT == result)
        {
            return "node back-pressured past the send timeout";
        }
        if (StreamFlowClient.MESSAGE_TOO_LARGE == result)
        {
            return "longer than the node's maximum message length";
        }
        return "Aeron publication code " + result;
    }
}
