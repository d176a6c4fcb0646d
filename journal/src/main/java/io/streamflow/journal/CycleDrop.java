package io.streamflow.journal;

import java.util.Map;

/**
 * That retention dropped a sealed cycle file, a line of the audit log written before the file is deleted:
 * <pre>
 *   drop cycle=20261202F.cq4 seal=H reason=age|size forced=true|false previous=H hash=H
 * </pre>
 * {@code seal} is the hash of the cycle's seal; {@code forced} says the policy dropped a cycle that was still
 * needed (by recovery from the newest snapshot, or by a consumer group that had not read it). A verify then skips
 * the dropped cycle's file, and the hash chain goes on from its seal.
 *
 * @param cycleFile name of the cycle file dropped.
 * @param sealHash  hash of its seal.
 * @param reason    why: {@code age} or {@code size}.
 * @param forced    true when it was still needed and the policy said to drop it anyway.
 * @param previous  hash of the record before.
 * @param hash      of this record's line up to this field.
 */
public record CycleDrop(String cycleFile, byte[] sealHash, String reason, boolean forced, byte[] previous, byte[] hash)
    implements AuditRecord
{
    private static final String PREFIX = "drop ";

    static CycleDrop of(
        final String cycleFile, final byte[] sealHash, final String reason, final boolean forced, final byte[] previous)
    {
        final CycleDrop unhashed = new CycleDrop(cycleFile, sealHash, reason, forced, previous, null);
        return new CycleDrop(cycleFile, sealHash, reason, forced, previous, AuditFields.sha256(unhashed.body()));
    }

    /**
     * @param line of the audit log.
     * @return the drop it holds, its hash as written.
     * @throws IllegalArgumentException naming what is wrong with the line.
     */
    public static CycleDrop parse(final String line)
    {
        final Map<String, String> fields = AuditFields.fields(line, PREFIX);
        return new CycleDrop(
            AuditFields.required(fields, "cycle"),
            AuditFields.hash(fields, "seal"),
            AuditFields.required(fields, "reason"),
            Boolean.parseBoolean(AuditFields.required(fields, "forced")),
            AuditFields.hash(fields, "previous"),
            AuditFields.hash(fields, "hash"));
    }

    /**
     * {@inheritDoc}
     */
    public String body()
    {
        return PREFIX + "cycle=" + cycleFile + " seal=" + MerkleTree.hex(sealHash) + " reason=" + reason +
            " forced=" + forced + " previous=" + MerkleTree.hex(previous);
    }
}
