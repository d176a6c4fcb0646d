package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.journal.InclusionProof;
import io.streamflow.journal.JournalAudit;
import io.streamflow.journal.JournalSealer;
import io.streamflow.journal.MerkleTree;
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
        name = "prove",
        mixinStandardHelpOptions = true,
        description = {
            "Print, as JSON, a proof that the entry of an engine sequence is in its sealed cycle: the entry, its",
            "leaf hash, its audit path to the cycle's Merkle root, and the cycle's seal. Check it with",
            "'streamflow journal check-proof FILE', without the journal."
        })
    static final class Prove extends ToolCommand implements Callable<Integer>
    {
        @Mixin
        NodeDirOption node;

        @Option(names = "--sequence", required = true, description = "Engine sequence of the entry.")
        long sequence;

        /**
         * {@inheritDoc}
         */
        public Integer call() throws IOException
        {
            final InclusionProof proof = JournalAudit.prove(node.journalDir(), sequence);
            out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(proof)));
            return 0;
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
                proof.treeSize() + " in cycle " + proof.cycleFile() + ", root " + MerkleTree.hex(proof.root()));
            return 0;
        }
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
