package io.streamflow.journal;

import org.agrona.collections.Int2ObjectHashMap;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops whole cycles of an output log ({@link OutputLog}), oldest first, as a {@link RetentionPolicy} says: by age,
 * a cycle whose every output is older than the policy's age (the next cycle's first output is); by size, the oldest
 * while the cycle files take more than the policy's bytes; never the newest cycle (the writer's). Nothing else needs
 * an output log's history (recovery needs the journal, not the outputs), so the policy's force does not apply.
 * <p>
 * Offsets go on across a drop: before the files are deleted, the next offset of every output stream and the last
 * output logged, as of the cycles dropped, are written to {@link #RETAINED_FILE} (atomically, merged with what it
 * held), which {@link OutputLog} reads before the cycles it still has. A crash between the two leaves the files,
 * which the next round drops again, to the same offsets.
 * <p>
 * Not thread safe: one thread applies it.
 */
public final class OutputLogRetention
{
    /** File in the output log's directory with what the dropped cycles held: next offsets and last output. */
    public static final String RETAINED_FILE = "retained-offsets";

    private OutputLogRetention()
    {
    }

    /**
     * What the dropped cycles of an output log held.
     *
     * @param nextOffsets        next offset of every output stream seen, by stream id (a one-element array each).
     * @param lastEngineSequence engine sequence of the last output, -1 for none.
     * @param lastOrdinal        its ordinal among its command's outputs.
     */
    record Retained(Int2ObjectHashMap<long[]> nextOffsets, long lastEngineSequence, int lastOrdinal)
    {
    }

    /**
     * @param outputsDir directory of the output log.
     * @param policy     what to keep.
     * @param nowNs      the time now, epoch nanoseconds, as the outputs' timestamps are.
     * @return names of the cycle files dropped, oldest first.
     */
    public static List<String> apply(final File outputsDir, final RetentionPolicy policy, final long nowNs)
    {
        final List<File> files = JournalScanner.cycleFiles(outputsDir);
        if (!policy.isActive() || files.size() < 2)
        {
            return List.of();
        }
        long totalBytes = 0;
        for (final File file : files)
        {
            totalBytes += file.length();
        }
        final List<File> dropped = new ArrayList<>();
        for (int i = 0; i < files.size() - 1; i++)
        {
            final long nextFirstNs = JournalScanner.firstTimestampOf(files.get(i + 1));
            final boolean pastAge =
                policy.maxAgeNs() > 0 && nextFirstNs >= 0 && nowNs - nextFirstNs > policy.maxAgeNs();
            final boolean pastSize = policy.maxBytes() > 0 && totalBytes > policy.maxBytes();
            if (!pastAge && !pastSize)
            {
                break;
            }
            dropped.add(files.get(i));
            totalBytes -= files.get(i).length();
        }
        if (dropped.isEmpty())
        {
            return List.of();
        }

        final Retained retained = read(outputsDir);
        final long[] last = { retained.lastEngineSequence(), retained.lastOrdinal() };
        final JournalEntryView view = new JournalEntryView();
        for (final File file : dropped)
        {
            JournalScanner.forEachEntry(file, Integer.MAX_VALUE, (buffer, offset, length, isGood) ->
            {
                view.wrap(buffer, offset, length);
                final long[] next = retained.nextOffsets().computeIfAbsent(view.streamId(), (id) -> new long[1]);
                next[0] = Math.max(next[0], view.partitionOffset() + 1);
                if (view.engineSequence() > last[0] ||
                    (view.engineSequence() == last[0] && view.partition() > last[1]))
                {
                    last[0] = view.engineSequence();
                    last[1] = view.partition();
                }
                return true;
            });
        }
        write(outputsDir, new Retained(retained.nextOffsets(), last[0], (int)last[1]));

        final List<String> names = new ArrayList<>();
        for (final File file : dropped)
        {
            try
            {
                Files.deleteIfExists(file.toPath());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot delete " + file, ex);
            }
            names.add(file.getName());
        }
        return names;
    }

    /**
     * @param outputsDir directory of the output log.
     * @return what its dropped cycles held; nothing when none was dropped.
     */
    static Retained read(final File outputsDir)
    {
        final Int2ObjectHashMap<long[]> nextOffsets = new Int2ObjectHashMap<>();
        long lastEngineSequence = -1;
        int lastOrdinal = -1;
        final File file = new File(outputsDir, RETAINED_FILE);
        if (file.exists())
        {
            try
            {
                for (final String line : Files.readAllLines(file.toPath(), StandardCharsets.US_ASCII))
                {
                    final String[] fields = line.trim().split(" ");
                    if ("last".equals(fields[0]))
                    {
                        lastEngineSequence = Long.parseLong(fields[1]);
                        lastOrdinal = Integer.parseInt(fields[2]);
                    }
                    else if ("stream".equals(fields[0]))
                    {
                        nextOffsets.put(Integer.parseInt(fields[1]), new long[]{ Long.parseLong(fields[2]) });
                    }
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new IllegalStateException("the output log's " + file + " cannot be read: " + ex, ex);
            }
        }
        return new Retained(nextOffsets, lastEngineSequence, lastOrdinal);
    }

    private static void write(final File outputsDir, final Retained retained)
    {
        final StringBuilder text = new StringBuilder("# what the output log's dropped cycles held\n")
            .append("last ").append(retained.lastEngineSequence()).append(' ').append(retained.lastOrdinal())
            .append('\n');
        retained.nextOffsets().forEach((streamId, next) ->
            text.append("stream ").append(streamId).append(' ').append(next[0]).append('\n'));
        final File file = new File(outputsDir, RETAINED_FILE);
        final File temporary = new File(outputsDir, RETAINED_FILE + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temporary.toPath(), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
                // On the device before the cycles it stands for are deleted.
                channel.force(true);
            }
            Files.move(temporary.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
