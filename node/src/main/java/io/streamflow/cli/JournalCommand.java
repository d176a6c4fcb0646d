package io.streamflow.cli;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalVerifier;
import io.streamflow.journal.TornTail;
import io.streamflow.protocol.CommandView;
import io.streamflow.protocol.IngressTemplate;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RecordDecoder;
import picocli.CommandLine.Command;
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
    description = "Inspect a node's journal: dump its entries, verify every one.",
    subcommands = { JournalCommand.Dump.class, JournalCommand.Verify.class })
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
            "message length and payload length."
        })
    static final class Dump extends ToolCommand implements Callable<Integer>
    {
        @Option(names = "--dir", required = true, description = "Node directory (the journal is DIR/journal).")
        File dir;

        @Option(names = "--from", description = "First engine sequence to print. Default: the first entry.")
        Long from;

        @Option(names = "--limit", description = "Print at most this many entries.")
        Long limit;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            final JournalEntryView entry = new JournalEntryView();
            final CommandView command = new CommandView();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final RecordDecoder record = new RecordDecoder();
            final PrintWriter out = out();
            final long max = null == limit ? Long.MAX_VALUE : limit;
            final long[] printed = { 0 };

            try (Journal journal = Journal.openReadOnly(new File(dir, "journal"));
                JournalReader reader = journal.newReader())
            {
                if (null != from)
                {
                    reader.seek(from);
                }
                while (printed[0] < max && reader.poll((buffer, offset, length, index) ->
                {
                    if (printed[0] >= max)
                    {
                        return;
                    }
                    entry.wrap(buffer, offset, length);
                    final String fault = entry.structuralFault();
                    if (null != fault)
                    {
                        out.println("index=0x" + Long.toHexString(index) + " BAD " + fault);
                    }
                    else
                    {
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
                            " length=" + entry.messageLength() +
                            " payload_length=" + payloadLength);
                    }
                    printed[0]++;
                }, 256) > 0)
                {
                    continue;
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check every entry: framing, CRC32C, contiguous engine sequences, timestamps that never go back.",
            "Exits 0 when all are good; otherwise exits 1 naming the first bad entry."
        })
    static final class Verify extends ToolCommand implements Callable<Integer>
    {
        @Option(names = "--dir", required = true, description = "Node directory (the journal is DIR/journal).")
        File dir;

        /**
         * {@inheritDoc}
         */
        public Integer call()
        {
            try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
            {
                final JournalVerifier.Result result = JournalVerifier.verify(journal);
                final TornTail tornTail = TornTail.detect(journal, 1024 * 1024 + 64);
                if (!result.isValid())
                {
                    out().println("journal BAD: " + result.fault() + " (" + result.entries() +
                        " good entries before it)");
                    return 1;
                }

                out().println("journal OK: " + result.entries() + " entries" + (result.entries() > 0 ?
                    ", sequences " + result.firstSequence() + ".." + result.lastSequence() : "") +
                    ", every checksum good");
                if (null != tornTail)
                {
                    out().println("note: " + tornTail + " after the last entry (a writer stopped mid-entry; " +
                        "it was never acknowledged, and the node truncates it when it starts)");
                }
                return 0;
            }
        }
    }
}
