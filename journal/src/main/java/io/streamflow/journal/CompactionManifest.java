package io.streamflow.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one compaction of a stream read and wrote ({@link StreamCompactor}), the {@code MANIFEST} file of a compacted
 * version ({@link CompactedStore}), one item per line:
 * <pre>
 *   streamflow-compaction-manifest 1
 *   stream=1 version=3 covered=S covered-time=T delete-retention-ns=N
 *   previous version=2 manifest=H                     (version=0 manifest=zeros for the first)
 *   source cycle=20261204.cq4 entries=N root=H        (each journal cycle read: its seal's Merkle root)
 *   result cycle=20261204.cq4 entries=N root=H        (each cycle written: the Merkle root of its entries)
 *   partition=0 next-offset=N                         (the offsets the version covers, per partition)
 *   keys kept=N removed=N tombstones-kept=N keyless=N read=N dropped=N
 *   removed partition=P key=HEX                       (each key a tombstone removed this time)
 *   hash=H                                            (SHA-256 of every line above it)
 * </pre>
 * Sources are the cycles of the journal the version adds to the previous version's records; results are the cycles
 * of the new version. Roots are RFC 6962 Merkle tree hashes ({@link MerkleTree}) over whole entries as journaled.
 *
 * @param streamId          stream compacted.
 * @param version           number of this version, from 1.
 * @param covered           engine sequence up to which the version holds the stream's records.
 * @param coveredTimeNs     append time of the last entry read (of any stream): what a tombstone's age is taken at.
 * @param deleteRetentionNs how long a tombstone is kept after it was appended.
 * @param previousVersion   version this one replaces, 0 for none.
 * @param previousHash      hash of its manifest, zeros for none.
 * @param sources           journal cycles read.
 * @param results           cycles written.
 * @param nextOffsets       per partition, the offset after the last record covered.
 * @param keysKept          keys with a value in the version.
 * @param keysRemoved       keys whose tombstone was removed this time.
 * @param tombstonesKept    keys whose tombstone the version still holds.
 * @param keyless           records without a key, all kept.
 * @param recordsRead       records of the stream read (previous version and sources).
 * @param recordsDropped    of those, not written: superseded, or expired tombstones.
 * @param removed           the keys removed this time.
 * @param hash              of the manifest's lines.
 */
public record CompactionManifest(
    int streamId,
    long version,
    long covered,
    long coveredTimeNs,
    long deleteRetentionNs,
    long previousVersion,
    byte[] previousHash,
    List<Cycle> sources,
    List<Cycle> results,
    SortedMap<Integer, Long> nextOffsets,
    long keysKept,
    long keysRemoved,
    long tombstonesKept,
    long keyless,
    long recordsRead,
    long recordsDropped,
    List<RemovedKey> removed,
    byte[] hash)
{
    /** Name of the manifest file in a version's directory. */
    public static final String FILE_NAME = "MANIFEST";

    private static final String FIRST_LINE = "streamflow-compaction-manifest 1";
    private static final String HASH_PREFIX = "hash=";

    /**
     * A cycle file a compaction read or wrote.
     *
     * @param cycleFile its name.
     * @param entries   it holds (for a source: all of them, of every stream).
     * @param root      Merkle tree hash of its entries.
     */
    public record Cycle(String cycleFile, long entries, byte[] root)
    {
    }

    /**
     * A key whose tombstone a compaction removed, with it the key.
     *
     * @param partition of the key.
     * @param key       its bytes.
     */
    public record RemovedKey(int partition, byte[] key)
    {
    }

    /**
     * The manifest of these fields, its hash computed.
     *
     * @return the manifest with {@link #hash()} set.
     */
    CompactionManifest hashed()
    {
        return new CompactionManifest(streamId, version, covered, coveredTimeNs, deleteRetentionNs, previousVersion,
            previousHash, sources, results, nextOffsets, keysKept, keysRemoved, tombstonesKept, keyless,
            recordsRead, recordsDropped, removed, AuditFields.sha256(body()));
    }

    /**
     * @return the offset after the last record covered of a partition, 0 when none is.
     */
    public long nextOffset(final int partition)
    {
        return nextOffsets.getOrDefault(partition, 0L);
    }

    /**
     * @param partition a partition of the stream, or -1 for any.
     * @param offset    an offset.
     * @return true when the version holds what a read from that offset starts with: the offset is below what the
     * version covers of the partition (of some partition, for any).
     */
    public boolean coversOffset(final int partition, final long offset)
    {
        return partition >= 0 ? offset < nextOffset(partition) :
            nextOffsets.values().stream().anyMatch((next) -> offset < next);
    }

    /**
     * @return true when the hash written is that of the manifest's lines.
     */
    public boolean isIntact()
    {
        return null != hash && MerkleTree.equal(hash, AuditFields.sha256(body()));
    }

    /**
     * @return the manifest's lines up to its hash: what the hash covers.
     */
    public String body()
    {
        final StringBuilder text = new StringBuilder(FIRST_LINE).append('\n');
        text.append("stream=").append(streamId).append(" version=").append(version).append(" covered=")
            .append(covered).append(" covered-time=").append(coveredTimeNs).append(" delete-retention-ns=")
            .append(deleteRetentionNs).append('\n');
        text.append("previous version=").append(previousVersion).append(" manifest=")
            .append(MerkleTree.hex(previousHash)).append('\n');
        cycles(text, "source", sources);
        cycles(text, "result", results);
        nextOffsets.forEach((partition, offset) ->
            text.append("partition=").append(partition).append(" next-offset=").append(offset).append('\n'));
        text.append("keys kept=").append(keysKept).append(" removed=").append(keysRemoved)
            .append(" tombstones-kept=").append(tombstonesKept).append(" keyless=").append(keyless)
            .append(" read=").append(recordsRead).append(" dropped=").append(recordsDropped).append('\n');
        for (final RemovedKey key : removed)
        {
            text.append("removed partition=").append(key.partition()).append(" key=")
                .append(HexFormat.of().formatHex(key.key())).append('\n');
        }
        return text.toString();
    }

    /**
     * @return the manifest as its file holds it.
     */
    public String toText()
    {
        return body() + HASH_PREFIX + MerkleTree.hex(hash) + '\n';
    }

    /**
     * @param file a manifest file.
     * @return the manifest it holds, its hash as written (see {@link #isIntact()}).
     * @throws IllegalArgumentException naming the line that is wrong.
     */
    public static CompactionManifest read(final File file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        int number = 0;
        try
        {
            number = 1;
            if (lines.isEmpty() || !FIRST_LINE.equals(lines.get(0)))
            {
                throw new IllegalArgumentException("not a compaction manifest");
            }
            number = 2;
            final Map<String, String> head = AuditFields.fields(line(lines, 1), "");
            number = 3;
            final Map<String, String> previous = AuditFields.fields(line(lines, 2), "previous ");
            final List<Cycle> sources = new ArrayList<>();
            final List<Cycle> results = new ArrayList<>();
            final SortedMap<Integer, Long> nextOffsets = new TreeMap<>();
            final List<RemovedKey> removed = new ArrayList<>();
            Map<String, String> keys = null;
            byte[] hash = null;
            for (number = 4; number <= lines.size(); number++)
            {
                final String line = lines.get(number - 1);
                if (line.startsWith("source "))
                {
                    sources.add(cycle(AuditFields.fields(line, "source ")));
                }
                else if (line.startsWith("result "))
                {
                    results.add(cycle(AuditFields.fields(line, "result ")));
                }
                else if (line.startsWith("partition="))
                {
                    final Map<String, String> fields = AuditFields.fields(line, "");
                    nextOffsets.put((int)AuditFields.number(fields, "partition"),
                        AuditFields.number(fields, "next-offset"));
                }
                else if (line.startsWith("keys "))
                {
                    keys = AuditFields.fields(line, "keys ");
                }
                else if (line.startsWith("removed "))
                {
                    final Map<String, String> fields = AuditFields.fields(line, "removed ");
                    removed.add(new RemovedKey((int)AuditFields.number(fields, "partition"),
                        HexFormat.of().parseHex(AuditFields.required(fields, "key"))));
                }
                else if (line.startsWith(HASH_PREFIX))
                {
                    hash = MerkleTree.fromHex(line.substring(HASH_PREFIX.length()));
                    break;
                }
                else
                {
                    throw new IllegalArgumentException("not a manifest line: '" + line + "'");
                }
            }
            if (null == keys || null == hash)
            {
                throw new IllegalArgumentException(null == keys ? "no keys line" : "no hash line");
            }
            return new CompactionManifest(
                (int)AuditFields.number(head, "stream"),
                AuditFields.number(head, "version"),
                AuditFields.number(head, "covered"),
                AuditFields.number(head, "covered-time"),
                AuditFields.number(head, "delete-retention-ns"),
                AuditFields.number(previous, "version"),
                AuditFields.hash(previous, "manifest"),
                Collections.unmodifiableList(sources),
                Collections.unmodifiableList(results),
                Collections.unmodifiableSortedMap(nextOffsets),
                AuditFields.number(keys, "kept"),
                AuditFields.number(keys, "removed"),
                AuditFields.number(keys, "tombstones-kept"),
                AuditFields.number(keys, "keyless"),
                AuditFields.number(keys, "read"),
                AuditFields.number(keys, "dropped"),
                Collections.unmodifiableList(removed),
                hash);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + " line " + number + ": " + ex.getMessage(), ex);
        }
    }

    private static String line(final List<String> lines, final int index)
    {
        if (index >= lines.size())
        {
            throw new IllegalArgumentException("missing");
        }
        return lines.get(index);
    }

    private static Cycle cycle(final Map<String, String> fields)
    {
        return new Cycle(AuditFields.required(fields, "cycle"), AuditFields.number(fields, "entries"),
            AuditFields.hash(fields, "root"));
    }

    private static void cycles(final StringBuilder text, final String kind, final List<Cycle> cycles)
    {
        for (final Cycle cycle : cycles)
        {
            text.append(kind).append(" cycle=").append(cycle.cycleFile()).append(" entries=").append(cycle.entries())
                .append(" root=").append(MerkleTree.hex(cycle.root())).append('\n');
        }
    }
}
