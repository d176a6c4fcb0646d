package io.streamflow.journal;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;

import java.io.File;

/**
 * Holds back retention of a compacted stream's records until compaction has covered them: a sealed cycle with
 * records of such a stream at or after the offsets its current compacted version covers is needed, so that the
 * newest value of every key outlives the cycles that held it.
 * <p>
 * The retention thread's only: it is told of each version as it becomes current.
 */
final class CompactionHold implements RetentionHold
{
    private final IntHashSet compactedStreams = new IntHashSet();
    private final Int2ObjectHashMap<CompactionManifest> coveredByStream = new Int2ObjectHashMap<>();
    CompactionHold(final File journalDir, final int[] streamIds)
    {
        for (final int streamId : streamIds)
        {
            compactedStreams.add(streamId);
            final CompactedStore.Version current = CompactedHistory.currentOrNull(journalDir, streamId);
            if (null != current)
            {
                coveredByStream.put(streamId, current.manifest());
            }
        }
    }

    /**
     * @param manifest of a stream's version that became current.
     */
    void covered(final CompactionManifest manifest)
    {
        coveredByStream.put(manifest.streamId(), manifest);
    }

    /**
     * {@inheritDoc}
     */
    public String holdOf(final int streamId, final int partition, final long lastOffset)
    {
        if (compactedStreams.contains(streamId))
        {
            final CompactionManifest covered = coveredByStream.get(streamId);
            if (null == covered || lastOffset >= covered.nextOffset(partition))
            {
                return "stream " + streamId + " is compacted, and compaction has not covered its partition " +
                    partition + " up to offset " + lastOffset + " yet";
            }
        }
        return null;
    }
}
