package io.streamflow.journal;

import io.streamflow.sbe.journal.JournalEntryDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * That one journal entry is in a sealed cycle, checkable without the journal: the entry as journaled, its RFC 6962
 * leaf hash, its audit path to the cycle's Merkle root, and the cycle's seal (whose own hash covers the root).
 *
 * @param sequence  engine sequence of the entry.
 * @param cycleFile cycle file that holds it.
 * @param leafIndex position of the entry in its cycle.
 * @param treeSize  entries in the cycle.
 * @param entry     the entry's bytes, as journaled.
 * @param leafHash  SHA-256(0x00 || entry).
 * @param path      audit path, nearest sibling first.
 * @param root      the cycle's Merkle tree hash.
 * @param seal      the cycle's seal, as its line of the audit log.
 */
public record InclusionProof(
    long sequence,
    String cycleFile,
    long leafIndex,
    long treeSize,
    byte[] entry,
    byte[] leafHash,
    List<byte[]> path,
    byte[] root,
    String seal)
{
    /**
     * @return null when the proof holds; otherwise why it does not.
     */
    public String check()
    {
        if (null == entry || !MerkleTree.equal(MerkleTree.leafHash(entry, 0, entry.length), leafHash))
        {
            return "the entry does not hash to the proof's leaf hash";
        }
        if (entry.length < JournalEntryLayout.FRAMING_LENGTH || sequence != new UnsafeBuffer(entry)
            .getLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, JournalEntryDecoder.BYTE_ORDER))
        {
            return "the entry is not that of engine sequence " + sequence;
        }
        if (!MerkleTree.equal(MerkleTree.rootFromPath(leafHash, leafIndex, treeSize, path), root))
        {
            return "the audit path does not lead from the leaf to the root";
        }
        final CycleSeal parsed;
        try
        {
            parsed = CycleSeal.parse(seal);
        }
        catch (final IllegalArgumentException ex)
        {
            return "the seal is unreadable: " + ex.getMessage();
        }
        if (!parsed.isIntact())
        {
            return "the seal was altered: its hash is not that of its fields";
        }
        if (!MerkleTree.equal(parsed.root(), root) || parsed.entries() != treeSize ||
            !parsed.cycleFile().equals(cycleFile) || sequence - parsed.firstSequence() != leafIndex)
        {
            return "the proof's root, size or position is not the sealed cycle's";
        }
        return null;
    }
}
