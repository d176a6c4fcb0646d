package io.streamflow.journal;

import java.util.Map;

/**
 * That a compacted version of a stream was written, a line of the audit log appended before the version is made
 * current ({@link CompactedStore}):
 * <pre>
 *   compact stream=1 version=3 manifest=H covered=S previous=H hash=H
 * </pre>
 * {@code manifest} is the hash of the version's {@link CompactionManifest}: a verify refuses a current version whose
 * manifest is not the one the audit log names, so a compacted version cannot be replaced unseen. A version recorded
 * here that a crash stopped before it became current is never read.
 *
 * @param streamId     the stream compacted.
 * @param version      number of the compacted version.
 * @param manifestHash hash of its manifest.
 * @param covered      engine sequence up to which the version holds the stream's records.
 * @param previous     hash of the record before.
 * @param hash         of this record's line up to this field.
 */
public record CompactionRecord(
    int streamId, long version, byte[] manifestHash, long covered, byte[] previous, byte[] hash) implements AuditRecord
{
    private static final String PREFIX = "compact ";

    static CompactionRecord of(
        final int streamId, final long version, final byte[] manifestHash, final long covered, final byte[] previous)
    {
        final CompactionRecord unhashed =
            new CompactionRecord(streamId, version, manifestHash, covered, previous, null);
        return new CompactionRecord(
            streamId, version, manifestHash, covered, previous, AuditFields.sha256(unhashed.body()));
    }

    /**
     * @param line of the audit log.
     * @return the record it holds, its hash as written.
     * @throws IllegalArgumentException naming what is wrong with the line.
     */
    public static CompactionRecord parse(final String line)
    {
        final Map<String, String> fields = AuditFields.fields(line, PREFIX);
        return new CompactionRecord(
            (int)AuditFields.number(fields, "stream"),
            AuditFields.number(fields, "version"),
            AuditFields.hash(fields, "manifest"),
            AuditFields.number(fields, "covered"),
            AuditFields.hash(fields, "previous"),
            AuditFields.hash(fields, "hash"));
    }

    static boolean isCompaction(final String line)
    {
        return line.startsWith(PREFIX);
    }

    /**
     * {@inheritDoc}
     */
    public String cycleFile()
    {
        return CompactedStore.versionPath(streamId, version);
    }

    /**
     * {@inheritDoc}
     */
    public String body()
    {
        return PREFIX + "stream=" + streamId + " version=" + version + " manifest=" + MerkleTree.hex(manifestHash) +
            " covered=" + covered + " previous=" + MerkleTree.hex(previous);
    }
}
