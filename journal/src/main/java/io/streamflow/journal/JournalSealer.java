package io.streamflow.journal;

import org.agrona.concurrent.Agent;

import java.io.File;
import java.util.List;

/**
 * Seals each completed cycle file of a journal ({@link CycleSeal}, in the audit log {@link JournalSeals}): every file
 * but the newest, which the writer may still append to, once, in order, continuing the hash chain from the seal
 * before. A file with a bad entry is not sealed (a verify names the entry), nor is any after it.
 * <p>
 * As an agent, for a thread of its own: it looks for a newly completed cycle at most once a second, and reads only
 * the files it seals, never the writer's.
 * <p>
 * Not thread safe: one sealer per journal directory, in the process that owns it.
 */
public final class JournalSealer implements Agent
{
    private static final long CHECK_INTERVAL_NS = 1_000_000_000L;
    private static final System.Logger LOGGER = System.getLogger(JournalSealer.class.getName());

    private final File journalDir;
    private long lastCheckNs = System.nanoTime() - CHECK_INTERVAL_NS;
    private String refusal;

    /**
     * @param journalDir directory of the journal to seal.
     */
    public JournalSealer(final File journalDir)
    {
        this.journalDir = journalDir;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-journal-sealer";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastCheckNs < CHECK_INTERVAL_NS)
        {
            return 0;
        }
        lastCheckNs = nowNs;
        return sealCompleted();
    }

    /**
     * Seal every completed cycle file not sealed yet.
     *
     * @return cycle files sealed.
     */
    public int sealCompleted()
    {
        final List<File> files = JournalScanner.cycleFiles(journalDir);
        final List<CycleSeal> seals = JournalSeals.read(journalDir);
        final CycleSeal last = seals.isEmpty() ? null : seals.get(seals.size() - 1);
        int sealed = 0;
        byte[] chain = null == last ? MerkleTree.zeros() : last.chainEnd();
        byte[] previous = null == last ? MerkleTree.zeros() : last.hash();
        for (int i = 0; i < files.size() - 1; i++)
        {
            final File file = files.get(i);
            if (null != last && file.getName().compareTo(last.cycleFile()) <= 0)
            {
                continue;
            }
            final JournalSeals.CycleHashes hashes = JournalSeals.hash(journalDir, file, chain, null);
            if (!hashes.scan().isValid())
            {
                final String reason = "not sealed: " + hashes.scan().fault();
                if (!reason.equals(refusal))
                {
                    refusal = reason;
                    LOGGER.log(System.Logger.Level.WARNING, "journal: cycle " + file.getName() + " " + reason);
                }
                break;
            }
            final CycleSeal seal = CycleSeal.of(file.getName(), hashes.entries(), hashes.first(), hashes.last(),
                chain, hashes.chainEnd(), hashes.root(), MerkleTree.sha256().digest(hashes.checkpoints()), previous);
            JournalSeals.append(journalDir, seal, hashes.checkpoints());
            chain = seal.chainEnd();
            previous = seal.hash();
            sealed++;
        }
        return sealed;
    }
}
