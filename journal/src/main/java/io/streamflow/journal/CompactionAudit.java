package io.streamflow.journal;

import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * Checks the compacted versions of a journal's streams ({@link CompactedStore}) against their manifests and the
 * audit log: the current version's manifest is intact and is the one the audit log recorded for it, each of its
 * cycles holds what the manifest says (entries and Merkle root), each source cycle it names was sealed with the root
 * it names, and the version it replaced was recorded with the manifest hash it names.
 */
final class CompactionAudit
{
    private CompactionAudit()
    {
    }

    /**
     * @param journalDir   directory of the journal.
     * @param records      its audit log.
     * @param sealsByCycle its seals by cycle file.
     * @param notes        told what is not wrong but worth saying.
     * @return the first thing wrong, null when none.
     */
    static String verify(
        final File journalDir,
        final List<AuditRecord> records,
        final Map<String, CycleSeal> sealsByCycle,
        final List<String> notes)
    {
        for (final int streamId : CompactedStore.streams(journalDir))
        {
            final CompactedStore.Version current;
            try
            {
                current = CompactedStore.current(journalDir, streamId);
            }
            catch (final IllegalStateException | IllegalArgumentException ex)
            {
                return ex.getMessage();
            }
            if (null == current)
            {
                continue;
            }
            final String fault = verify(current, streamId, records, sealsByCycle);
            if (null != fault)
            {
                return fault;
            }
            final CompactionManifest manifest = current.manifest();
            notes.add("stream " + streamId + " compacted: version " + current.version() + " covers engine " +
                "sequences up to " + manifest.covered() + " (" + manifest.keysKept() + " keys, " +
                manifest.tombstonesKept() + " tombstones, " + manifest.keyless() + " records without a key)");
        }
        return null;
    }

    private static String verify(
        final CompactedStore.Version current,
        final int streamId,
        final List<AuditRecord> records,
        final Map<String, CycleSeal> sealsByCycle)
    {
        final CompactionManifest manifest = current.manifest();
        final String which = "compacted stream " + streamId + " version " + current.version();
        final CompactionRecord recorded = lastRecordOf(records, streamId, current.version());
        if (null == recorded)
        {
            return which + " is not in the audit log";
        }
        if (!MerkleTree.equal(recorded.manifestHash(), manifest.hash()))
        {
            return which + ": its manifest is not the one the audit log recorded";
        }
        if (manifest.previousVersion() > 0)
        {
            final CompactionRecord previous = lastRecordOf(records, streamId, manifest.previousVersion());
            if (null == previous || !MerkleTree.equal(previous.manifestHash(), manifest.previousHash()))
            {
                return which + ": the version it replaced (" + manifest.previousVersion() + ") is not the one the " +
                    "audit log recorded";
            }
        }
        for (final CompactionManifest.Cycle source : manifest.sources())
        {
            final CycleSeal seal = sealsByCycle.get(source.cycleFile());
            if (null == seal || seal.entries() != source.entries() || !MerkleTree.equal(seal.root(), source.root()))
            {
                return which + ": its manifest's source cycle " + source.cycleFile() + " is not the one sealed";
            }
        }
        final List<CompactionManifest.Cycle> found = StreamCompactor.hashCycles(current.dir());
        final List<CompactionManifest.Cycle> expected = manifest.results();
        for (int i = 0; i < Math.max(found.size(), expected.size()); i++)
        {
            if (i >= found.size())
            {
                return which + ": cycle " + expected.get(i).cycleFile() + " of its manifest is missing";
            }
            final CompactionManifest.Cycle cycle = found.get(i);
            if (i >= expected.size() || !cycle.cycleFile().equals(expected.get(i).cycleFile()))
            {
                return which + ": cycle " + cycle.cycleFile() + " is not in its manifest";
            }
            if (cycle.entries() != expected.get(i).entries() || !MerkleTree.equal(cycle.root(),
                expected.get(i).root()))
            {
                return which + ": cycle " + cycle.cycleFile() + " does not hold what its manifest says (" +
                    cycle.entries() + " entries, " + expected.get(i).entries() + " in the manifest)";
            }
        }
        return null;
    }

    private static CompactionRecord lastRecordOf(
        final List<AuditRecord> records, final int streamId, final long version)
    {
        CompactionRecord last = null;
        for (final AuditRecord record : records)
        {
            if (record instanceof CompactionRecord compaction && compaction.streamId() == streamId &&
                compaction.version() == version)
            {
                last = compaction;
            }
        }
        return last;
    }
}
