package io.streamflow.cli;

import io.streamflow.journal.JournalAudit;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalScanner;
import io.streamflow.protocol.CommandView;
import io.streamflow.protocol.IngressTemplate;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RecordDecoder;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code streamflow journal}: look inside a node's journal.
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Inspect a node's journal: dump its entries, verify every one and its seals, prove an entry.",
    subcommands = { JournalCommand.Dump.class, JournalCommand.Verify.class, JournalProofCommands.Seal.class,
        JournalProofCommands.Compact.class,
        JournalProofCommands.Prove.class, JournalProofCommands.CheckProof.class })
final class JournalCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * {@inheritDoc}
     */
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        description = {
            "Print journal entries one per line: sequence, timestamp, client id, client sequence, type,",
            "message length and payload length. Stops with exit 1 at a damaged entry, unless --skip-bad."
        })
    static final class Dump extends ToolCommand implements Callable<Integer>
    {
        @Mixin
        NodeDirOption node;

        @Option(names = "--from", description = "First engine sequence to print. Default: the first entry.")
        Long from;

        @Option(names = "--limit", description = "Print at most this many entries.")
        Long limit;

        @Option(names = "--skip-bad", description = "Read on past a damaged entry, counting what is skipped.")
        boolean skipBad;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            final CommandView command = new CommandView();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final RecordDecoder record = new RecordDecoder();
            final PrintWriter out = out();
            final long max = null == limit ? Long.MAX_VALUE : limit;
            final long[] printed = { 0 };

            final int status = new JournalHistory().read(node.journalDir(), null == from ? Long.MIN_VALUE : from,
                skipBad, (entry) ->
                {
                    final DirectBuffer buffer = entry.buffer();
                    command.wrap(buffer, entry.messageOffset(), entry.messageLength());
                    long payloadLength = -1;
                    header.wrap(buffer, entry.messageOffset());
                    if (RecordDecoder.TEMPLATE_ID == command.templateId())
                    {
                        record.wrap(buffer, entry.messageOffset() + MessageHeaderDecoder.ENCODED_LENGTH,
                            header.blockLength(), header.version());
                        record.skipKey();
                        payloadLength = record.payloadLength();
                    }
                    out.println("sequence=" + entry.engineSequence() +
                        " timestamp_ns=" + entry.timestampNs() +
                        " client_id=" + command.clientId() +
                        " client_sequence=" + command.clientSequence() +
                        " type=" + IngressTemplate.nameOf(command.templateId()) +
                        (JournalEntryLayout.NO_PARTITION == entry.partition() ? "" : " stream=" + entry.streamId() +
                        " partition=" + entry.partition() + " offset=" + entry.partitionOffset()) +
                        " length=" + entry.messageLength() +
                        " payload_length=" + payloadLength);
                    return ++printed[0] < max;
                }, err());
            out.flush();
            return status;
        }
    }

    @Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check every byte of the journal: each entry (framing, CRC32C, contiguous engine sequences, timestamps",
            "that never go back), Chronicle's headers and indexes against the entries, and the zeros after the",
            "written data, so that a damaged header hides nothing; then every sealed cycle against its seal in the",
            "audit log (Merkle root, hash chain, the seals' own chain). Exits 0 when all is good; otherwise exits 1",
            "naming the first bad entry and how many valid entries follow it, or the seal and the entries that",
            "differ from what was sealed."
        })
    static final class Verify extends ToolCommand implements Callable<Integer>
    {
        @Mixin
        NodeDirOption node;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            final File journalDir = node.journalDir();
            final JournalScanner.Result result = JournalScanner.scan(journalDir, null, false);
            if (!result.isValid())
            {
                out().println("journal BAD: " + result.fault() + " (" + result.entries() +
                    " good entries before it, " + result.entriesAfterFault() + " valid entries after it)");
                return 1;
            }

            out().println("journal OK: " + result.entries() + " entries" + (result.entries() > 0 ?
                ", sequences " + result.firstSequence() + ".." + result.lastSequence() : "") +
                ", every checksum good");
            final JournalAudit.Result audit = JournalAudit.verify(journalDir);
            if (!audit.isValid())
            {
                out().println("audit BAD: " + audit.fault());
                return 1;
            }
            out().println(0 == audit.seals() ? "audit: no cycle sealed yet (a cycle is sealed once the journal has " +
                "moved on to the next)" : "audit OK: " + audit.seals() + " sealed cycle" + (1 == audit.seals() ? "" :
                "s") + ", every root, the hash chain and the seals' own chain good");
            audit.notes().forEach((note) -> out().println("note: " + note));
            if (null != result.torn())
            {
                out().println("note: " + result.torn() + " after the last entry (a writer stopped mid-entry; " +
                    "it was never acknowledged, and the node truncates it when it starts)");
            }
            for (final String note : result.notes())
            {
                out().println("note: " + note);
            }
            return 0;
        }
    }
}
