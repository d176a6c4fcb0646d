package io.streamflow.journal;

import java.util.Map;

/**
 * The seal of one completed cycle file of the journal, one line of the audit log ({@link JournalSeals}):
 * <pre>
 *   seal cycle=20261202F.cq4 entries=N first=S last=S lastTime=T chainStart=H chainEnd=H root=H checkpoints=H
 *        previous=H hash=H
 * </pre>
 * <ul>
 *   <li>{@code root}: the RFC 6962 Merkle tree hash of the cycle's entries ({@link MerkleTree}), each leaf the whole
 *   entry as journaled (framing, CRC32C, message);</li>
 *   <li>{@code chainStart}, {@code chainEnd}: the hash chain over every entry of the journal, before the cycle's first
 *   entry and after its last: {@code chain(i) = SHA-256(chain(i - 1) || leafHash(i))}, from 32 zero bytes;</li>
 *   <li>{@code checkpoints}: SHA-256 of the cycle's checkpoint file, the chain after every
 *   {@link JournalSeals#CHECKPOINT_INTERVAL}th entry, by which a verify names the entries that changed;</li>
 *   <li>{@code previous}: the hash of the seal before (zeros for the first), and {@code hash}: SHA-256 of the line up
 *   to it, so that the seals are a chain too and none can be changed, dropped or put in between unseen.</li>
 * </ul>
 *
 * @param cycleFile       name of the cycle file.
 * @param entries         in it.
 * @param firstSequence   engine sequence of its first entry.
 * @param lastSequence    engine sequence of its last entry.
 * @param lastTimestampNs sequencing time of its last entry (epoch nanoseconds), by which retention ages it.
 * @param chainStart      hash chain before its first entry.
 * @param chainEnd        hash chain after its last entry.
 * @param root            Merkle tree hash of its entries.
 * @param checkpointsHash SHA-256 of its checkpoint file.
 * @param previous        hash of the record before it in the audit log, zeros for the first.
 * @param hash            of this seal's line up to this field.
 */
public record CycleSeal(
    String cycleFile,
    long entries,
    long firstSequence,
    long lastSequence,
    long lastTimestampNs,
    byte[] chainStart,
    byte[] chainEnd,
    byte[] root,
    byte[] checkpointsHash,
    byte[] previous,
    byte[] hash) implements AuditRecord
{
    private static final String PREFIX = "seal ";

    /**
     * A seal with its hash computed from its fields.
     */
    static CycleSeal of(
        final String cycleFile,
        final long entries,
        final long firstSequence,
        final long lastSequence,
        final long lastTimestampNs,
        final byte[] chainStart,
        final byte[] chainEnd,
        final byte[] root,
        final byte[] checkpointsHash,
        final byte[] previous)
    {
        final CycleSeal unhashed = new CycleSeal(cycleFile, entries, firstSequence, lastSequence, lastTimestampNs,
            chainStart, chainEnd, root, checkpointsHash, previous, null);
        return new CycleSeal(cycleFile, entries, firstSequence, lastSequence, lastTimestampNs, chainStart, chainEnd,
            root, checkpointsHash, previous, AuditFields.sha256(unhashed.body()));
    }

    /**
     * @param line of the audit log.
     * @return the seal it holds, its hash as written (see {@link #isIntact()}).
     * @throws IllegalArgumentException naming what is wrong with the line.
     */
    public static CycleSeal parse(final String line)
    {
        final Map<String, String> fields = AuditFields.fields(line, PREFIX);
        return new CycleSeal(
            AuditFields.required(fields, "cycle"),
            AuditFields.number(fields, "entries"),
            AuditFields.number(fields, "first"),
            AuditFields.number(fields, "last"),
            AuditFields.number(fields, "lastTime"),
            AuditFields.hash(fields, "chainStart"),
            AuditFields.hash(fields, "chainEnd"),
            AuditFields.hash(fields, "root"),
            AuditFields.hash(fields, "checkpoints"),
            AuditFields.hash(fields, "previous"),
            AuditFields.hash(fields, "hash"));
    }

    /**
     * @return true when the line is a seal.
     */
    static boolean isSeal(final String line)
    {
        return line.startsWith(PREFIX);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return toLine();
    }

    /**
     * {@inheritDoc}
     */
    public String body()
    {
        return PREFIX + "cycle=" + cycleFile + " entries=" + entries + " first=" + firstSequence + " last=" +
            lastSequence + " lastTime=" + lastTimestampNs + " chainStart=" + MerkleTree.hex(chainStart) +
            " chainEnd=" + MerkleTree.hex(chainEnd) + " root=" + MerkleTree.hex(root) + " checkpoints=" +
            MerkleTree.hex(checkpointsHash) + " previous=" + MerkleTree.hex(previous);
    }
}
