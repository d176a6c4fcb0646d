package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.journal.InclusionProof;
import io.streamflow.engine.DirectoryLock;
import io.streamflow.journal.CompactionManifest;
import io.streamflow.journal.Journal;
import io.streamflow.journal.RetentionPolicy;
import io.streamflow.journal.StreamCompactor;
import io.streamflow.journal.JournalAudit;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalSealer;
import io.streamflow.journal.MerkleTree;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code streamflow journal seal|prove|check-proof}: the journal's audit log and inclusion proofs.
 */
final class JournalProofCommands
{
    private JournalProofCommands()
    {
    }

    @Command(
        name = "seal",
        mixinStandardHelpOptions = true,
        description = {
            "Seal every completed cycle file of the journal not sealed yet (a running node does this itself): its",
            "RFC 6962 Merkle root, the hash chain over the entries and a hash of the seal before, in",
            "DIR/journal/audit/seals.log. The newest cycle, which the writer may still append to, is not sealed."
        })
    static final class Seal extends ToolCommand implements Callable<Integer>
    {
        @Mixin
        NodeDirOption node;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            final File journalDir = node.journalDir();
            final int sealed = new JournalSealer(journalDir).sealCompleted();
            out().println("sealed " + sealed + " cycle" + (1 == sealed ? "" : "s"));
            return 0;
        }
    }

    @Command(
        name = "compact",
        mixinStandardHelpOptions = true,
        description = {
            "Compact a stream of a node that is not running (a running node compacts the streams of its --compact",
            "itself): the newest record of each key per partition, of the sealed cycles and the stream's previous",
            "compacted version, becomes the stream's new version in DIR/journal/compacted, with its manifest, made",
            "current atomically. Prints the manifest's summary. Cycles are sealed first."
        })
    static final class Compact extends ToolCommand implements Callable<Integer>
    {
        @Mixin
        NodeDirOption node;

        @Option(names = "--stream", required = true, description = "The stream to compact, name or id.")
        String stream;

        @Option(names = "--delete-retention", description = "How long a tombstone is kept after it was appended " +
            "(Kafka's delete.retention.ms). Default: 1d.")
        String deleteRetention;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            final File journalDir = node.journalDir();
            final int streamId = JournalStreams.of(journalDir, null).resolve(stream);
            // No node may run on the directory meanwhile: the audit log has one writer.
            final DirectoryLock lock = DirectoryLock.acquire(node.dir, "");
            try
            {
                new JournalSealer(journalDir).sealCompleted();
                final RollCycle rollCycle;
                try (Journal journal = Journal.openReadOnly(journalDir))
                {
                    rollCycle = journal.rollCycle();
                }
                final CompactionManifest manifest = new StreamCompactor(journalDir, new StreamCompactor.Context()
                    .streamId(streamId).rollCycle(rollCycle)
                    .deleteRetentionNs(null == deleteRetention ? StreamCompactor.DEFAULT_DELETE_RETENTION_NS :
                    RetentionPolicy.parseAge(deleteRetention))).compact();
                if (null == manifest)
                {
                    out().println("stream '" + stream + "': nothing to compact (no sealed cycle after what its " +
                        "current version covers)");
                    return 0;
                }
                out().println("stream '" + stream + "' compacted to version " + manifest.version() + ": engine " +
                    "sequences up to " + manifest.covered() + ", " + manifest.sources().size() + " source cycles, " +
                    manifest.results().size() + " result cycles; " + manifest.keysKept() + " keys kept, " +
                    manifest.keysRemoved() + " removed, " + manifest.tombstonesKept() + " tombstones kept, " +
                    manifest.keyless() + " records without a key; " + manifest.recordsDropped() + " of " +
                    manifest.recordsRead() + " records dropped");
                return 0;
            }
            finally
            {
                lock.close();
            }
        }
    }

    @Command(
        name = "prove",
        mixinStandardHelpOptions = true,
        description = {
            "Print, as JSON, a proof that the entry of an engine sequence (or the record at an offset of a stream",
            "partition) is in its sealed cycle: the entry, its leaf hash, its audit path to the cycle's Merkle root,",
            "and the cycle's seal. Check it with 'streamflow journal check-proof FILE', without the journal."
        })
    static final class Prove extends ToolCommand implements Callable<Integer>
    {
        @Mixin
        NodeDirOption node;

        @Option(names = "--sequence", description = "Engine sequence of the entry.")
        Long sequence;

        @Option(names = "--stream", description = "With --partition and --offset: the record's stream, name or id.")
        String stream;

        @Option(names = "--partition", description = "The record's partition. Default: ${DEFAULT-VALUE}")
        int partition;

        @Option(names = "--offset", description = "The record's offset in its partition.")
        Long offset;

        /**
         * {@inheritDoc}
         */
        public Integer call() throws IOException
        {
            if ((null == sequence) == (null == stream || null == offset))
            {
                throw new IllegalArgumentException("give --sequence N, or --stream S [--partition P] --offset O");
            }
            final long entrySequence = null != sequence ? sequence : sequenceOfRecord(node.journalDir());
            final InclusionProof proof = JournalAudit.prove(node.journalDir(), entrySequence);
            out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(proof)));
            return 0;
        }

        /**
         * The engine sequence of the record at the offset: a record at offset O has an engine sequence of at least O,
         * so the journal is read from there.
         */
        private long sequenceOfRecord(final File journalDir)
        {
            final int streamId = JournalStreams.of(journalDir, null).resolve(stream);
            final long[] found = { -1 };
            final int status = new JournalHistory().read(journalDir, offset, false, (entry) ->
            {
                if (entry.streamId() == streamId && entry.partition() == partition &&
                    entry.partitionOffset() == offset)
                {
                    found[0] = entry.engineSequence();
                    return false;
                }
                return true;
            }, err());
            if (found[0] < 0)
            {
                throw new IllegalArgumentException("no record at offset " + offset + " of stream '" + stream +
                    "' partition " + partition + " in " + journalDir + (0 != status ? " (the journal is damaged)" :
                    " (not appended yet, or dropped by retention)"));
            }
            return found[0];
        }
    }

    @Command(
        name = "check-proof",
        mixinStandardHelpOptions = true,
        description = {
            "Check a proof printed by 'streamflow journal prove': the entry hashes to the leaf hash, the audit path",
            "leads to the root, and the seal is intact and seals that root. Exits 0 when it holds, 1 saying why not."
        })
    static final class CheckProof extends ToolCommand implements Callable<Integer>
    {
        @Parameters(index = "0", description = "The proof, as JSON.")
        File file;

        /**
         * {@inheritDoc}
         */
        public Integer call() throws IOException
        {
            final InclusionProof proof;
            try
            {
                proof = fromJson(new ObjectMapper().readTree(file));
            }
            catch (final IllegalArgumentException | NullPointerException ex)
            {
                out().println("proof REFUSED: not a proof (" + ex.getMessage() + ")");
                return 1;
            }
            final String failure = proof.check();
            if (null != failure)
            {
                out().println("proof REFUSED: " + failure);
                return 1;
            }
            out().println("proof OK: engine sequence " + proof.sequence() + " is entry " + proof.leafIndex() + " of " +
                proof.treeSize() + " in cycle " + proof.cycleFile() + ", root " + MerkleTree.hex(proof.root()) +
                recordOf(proof.entry()));
            return 0;
        }
    }

    /**
     * @return where the proved entry sits in its stream, read from its own (hashed) bytes: empty for a command that
     * is not a record.
     */
    private static String recordOf(final byte[] entryBytes)
    {
        final JournalEntryView entry = new JournalEntryView().wrap(new UnsafeBuffer(entryBytes), 0, entryBytes.length);
        return null != entry.structuralFault() || JournalEntryLayout.NO_PARTITION == entry.partition() ? "" :
            "; the record at offset " + entry.partitionOffset() + " of stream " + entry.streamId() + " partition " +
            entry.partition();
    }

    static ObjectNode toJson(final InclusionProof proof)
    {
        final ObjectNode json = new ObjectMapper().createObjectNode()
            .put("sequence", proof.sequence())
            .put("cycle", proof.cycleFile())
            .put("leaf_index", proof.leafIndex())
            .put("tree_size", proof.treeSize())
            .put("entry", Base64.getEncoder().encodeToString(proof.entry()))
            .put("leaf_hash", MerkleTree.hex(proof.leafHash()));
        final ArrayNode path = json.putArray("path");
        proof.path().forEach((hash) -> path.add(MerkleTree.hex(hash)));
        return json.put("root", MerkleTree.hex(proof.root())).put("seal", proof.seal());
    }

    static InclusionProof fromJson(final JsonNode json)
    {
        final List<byte[]> path = new ArrayList<>();
        json.get("path").forEach((hash) -> path.add(MerkleTree.fromHex(hash.asText())));
        return new InclusionProof(
            json.get("sequence").asLong(),
            json.get("cycle").asText(),
            json.get("leaf_index").asLong(),
            json.get("tree_size").asLong(),
            Base64.getDecoder().decode(json.get("entry").asText()),
            MerkleTree.fromHex(json.get("leaf_hash").asText()),
            path,
            MerkleTree.fromHex(json.get("root").asText()),
            json.get("seal").asText());
    }
}
