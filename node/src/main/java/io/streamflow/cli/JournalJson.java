package io.streamflow.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.streamflow.client.FollowedRecord;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.protocol.StreamCatalog;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Renders journaled records as JSON lines for {@code consume}:
 * <pre>
 * {"sequence":7,"timestamp_ns":...,"stream":"records","partition":0,"offset":5,"client_id":42,"client_sequence":3,
 *  "event_timestamp_ns":...,"key":"sensor-1","payload":{...}}
 * </pre>
 * A payload that is itself JSON is embedded as it is; other text becomes a string; bytes that are not UTF-8 become
 * {@code "payload_base64"}. The same for keys.
 */
final class JournalJson
{
    private final JsonFactory factory = new JsonFactory();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RecordDecoder record = new RecordDecoder();
    private final StreamCatalog streams;

    JournalJson(final StreamCatalog streams)
    {
        this.streams = streams;
    }

    /**
     * @param entry    journal entry wrapping a record.
     * @param streamId the record must be for, or -1 for any.
     * @return the JSON line, or null when the entry is not a record of that stream.
     */
    String recordLine(final JournalEntryView entry, final int streamId)
    {
        header.wrap(entry.buffer(), entry.messageOffset());
        if (header.templateId() != RecordDecoder.TEMPLATE_ID || header.schemaId() != RecordDecoder.SCHEMA_ID)
        {
            return null;
        }
        record.wrap(entry.buffer(), entry.messageOffset() + MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
        if (streamId >= 0 && record.streamId() != streamId)
        {
            return null;
        }

        final byte[] key = new byte[record.keyLength()];
        record.getKey(key, 0, key.length);
        final byte[] payload = new byte[record.payloadLength()];
        record.getPayload(payload, 0, payload.length);
        return line(entry.engineSequence(), entry.timestampNs(), record.streamId(), entry.partition(),
            entry.partitionOffset(), record.clientId(), record.clientSequence(), record.eventTimestampNs(), key,
            payload);
    }

    /**
     * @param followed record from a node's log server.
     * @return its JSON line, the same as that of the journal entry it was read from.
     */
    String followedLine(final FollowedRecord followed)
    {
        final byte[] key = new byte[followed.keyLength()];
        followed.buffer().getBytes(followed.keyOffset(), key);
        final byte[] payload = new byte[followed.payloadLength()];
        followed.buffer().getBytes(followed.payloadOffset(), payload);
        return line(followed.engineSequence(), followed.timestampNs(), followed.streamId(), followed.partition(),
            followed.partitionOffset(), followed.clientId(), followed.clientSequence(), followed.eventTimestampNs(),
            key, payload);
    }

    private String line(
        final long engineSequence,
        final long timestampNs,
        final int streamId,
        final int partition,
        final long partitionOffset,
        final long clientId,
        final long clientSequence,
        final long eventTimestampNs,
        final byte[] key,
        final byte[] payload)
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(text))
        {
            json.writeStartObject();
            json.writeNumberField("sequence", engineSequence);
            json.writeNumberField("timestamp_ns", timestampNs);
            json.writeStringField("stream", streams.nameOf(streamId));
            json.writeNumberField("partition", partition);
            json.writeNumberField("offset", partitionOffset);
            json.writeNumberField("client_id", clientId);
            json.writeNumberField("client_sequence", clientSequence);
            json.writeNumberField("event_timestamp_ns", eventTimestampNs);
            writeBytes(json, "key", key);
            writeBytes(json, "payload", payload);
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }

        return text.toString();
    }

    private void writeBytes(final JsonGenerator json, final String field, final byte[] bytes) throws IOException
    {
        final String text = utf8(bytes);
        if (null == text)
        {
            json.writeStringField(field + "_base64", Base64.getEncoder().encodeToString(bytes));
        }
        else if (isJson(text))
        {
            json.writeFieldName(field);
            json.writeRawValue(text.trim());
        }
        else
        {
            json.writeStringField(field, text);
        }
    }

    private boolean isJson(final String text)
    {
        final String trimmed = text.trim();
        if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '['))
        {
            return false;
        }
        try (JsonParser parser = factory.createParser(trimmed))
        {
            int depth = 0;
            JsonToken token;
            while (null != (token = parser.nextToken()))
            {
                if (token.isStructStart())
                {
                    depth++;
                }
                else if (token.isStructEnd() && --depth == 0)
                {
                    return null == parser.nextToken();
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static String utf8(final byte[] bytes)
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }
}
