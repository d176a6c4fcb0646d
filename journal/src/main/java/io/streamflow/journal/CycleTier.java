package io.streamflow.journal;

import java.util.Map;

/**
 * That a sealed cycle moved to the cold tier, compressed ({@link ColdTier}), a line of the audit log written after
 * the compressed file is complete and before the cycle's file is deleted:
 * <pre>
 *   cold cycle=20261202F.cq4 seal=H codec=zstd bytes=N sha256=H previous=H hash=H
 * </pre>
 * {@code seal} is the hash of the cycle's seal, {@code bytes} and {@code sha256} those of the compressed file. A
 * verify then checks the cycle from its compressed file, against its seal. A crash before this line leaves the
 * cycle's file, which the next round compresses again; after it, the next round deletes the cycle's file.
 *
 * @param cycleFile name of the cycle file moved.
 * @param sealHash  hash of its seal.
 * @param codec     of the compressed file.
 * @param bytes     length of the compressed file.
 * @param sha256    SHA-256 of the compressed file.
 * @param previous  hash of the record before.
 * @param hash      of this record's line up to this field.
 */
public record CycleTier(
    String cycleFile, byte[] sealHash, String codec, long bytes, byte[] sha256, byte[] previous, byte[] hash)
    implements AuditRecord
{
    private static final String PREFIX = "cold ";

    static CycleTier of(
        final String cycleFile,
        final byte[] sealHash,
        final String codec,
        final long bytes,
        final byte[] sha256,
        final byte[] previous)
    {
        final CycleTier unhashed = new CycleTier(cycleFile, sealHash, codec, bytes, sha256, previous, null);
        return new CycleTier(cycleFile, sealHash, codec, bytes, sha256, previous,
            AuditFields.sha256(unhashed.body()));
    }

    /**
     * @param line of the audit log.
     * @return the record it holds, its hash as written.
     * @throws IllegalArgumentException naming what is wrong with the line.
     */
    public static CycleTier parse(final String line)
    {
        final Map<String, String> fields = AuditFields.fields(line, PREFIX);
        return new CycleTier(
            AuditFields.required(fields, "cycle"),
            AuditFields.hash(fields, "seal"),
            AuditFields.required(fields, "codec"),
            AuditFields.number(fields, "bytes"),
            AuditFields.hash(fields, "sha256"),
            AuditFields.hash(fields, "previous"),
            AuditFields.hash(fields, "hash"));
    }

    static boolean isTier(final String line)
    {
        return line.startsWith(PREFIX);
    }

    /**
     * {@inheritDoc}
     */
    public String body()
    {
        return PREFIX + "cycle=" + cycleFile + " seal=" + MerkleTree.hex(sealHash) + " codec=" + codec + " bytes=" +
            bytes + " sha256=" + MerkleTree.hex(sha256) + " previous=" + MerkleTree.hex(previous);
    }
}
