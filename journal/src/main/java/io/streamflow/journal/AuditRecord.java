package io.streamflow.journal;

import java.security.MessageDigest;

/**
 * A line of the journal's audit log: a {@link CycleSeal}, a {@link CycleDrop}, a {@link CycleTier} or a
 * {@link CompactionRecord}. Every record carries the hash of the record before it ({@code previous}) and its own
 * ({@code hash}, SHA-256 of its line up to that field), so that the log is one chain: no record can be changed,
 * dropped or put in between unseen.
 */
public sealed interface AuditRecord permits CycleSeal, CycleDrop, CycleTier, CompactionRecord
{
    /** The last field of every record. */
    String HASH_FIELD = " hash=";

    /**
     * @return the hash of the record before, zeros for the first.
     */
    byte[] previous();

    /**
     * @return this record's hash, as written.
     */
    byte[] hash();

    /**
     * @return the record's line up to its hash: what the hash covers.
     */
    String body();

    /**
     * @return true when the hash written is that of the record's fields.
     */
    default boolean isIntact()
    {
        return MessageDigest.isEqual(hash(), AuditFields.sha256(body()));
    }

    /**
     * @return the cycle file the record is about (for a compaction, the directory of its version).
     */
    String cycleFile();

    /**
     * @return the record as its line.
     */
    default String toLine()
    {
        return body() + HASH_FIELD + MerkleTree.hex(hash());
    }

    /**
     * @param line of the audit log.
     * @return the record it holds.
     * @throws IllegalArgumentException naming what is wrong with the line.
     */
    static AuditRecord parse(final String line)
    {
        if (CompactionRecord.isCompaction(line))
        {
            return CompactionRecord.parse(line);
        }
        if (CycleTier.isTier(line))
        {
            return CycleTier.parse(line);
        }
        return CycleSeal.isSeal(line) ? CycleSeal.parse(line) : CycleDrop.parse(line);
    }
}
