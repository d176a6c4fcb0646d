package io.streamflow.journal;

import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a journal's cycle files as bytes, front to back, independently of Chronicle's tailer and of every header it
 * checks, so that a damaged header can never hide what follows it. Every byte of a cycle file is accounted for:
 * <ul>
 *   <li>the file header (Chronicle's {@code SCQStore}) and the index documents are read strictly
 *   ({@link QueueMetadata}) and checked against the data: where the last excerpt is, how many there are, the position
 *   of every indexed one;</li>
 *   <li>every data document is a journal entry: framing, CRC32C, the next engine sequence, time never going back;</li>
 *   <li>the padding between documents is zero, and so is everything after the end of the written data to the end of
 *   the file (but for Chronicle's end-of-file marker).</li>
 * </ul>
 * Where the data ends is found from the bytes themselves: past a damaged header (a length or flag changed, a header
 * zeroed) the scan searches on for the next entry whose own checksum holds, and counts what it finds there, so that a
 * fault is reported with how many entries follow it. The remnant of an entry torn by a crash at the very end, with
 * nothing valid after it, is a torn tail (not a fault): the node clears it on start.
 * <p>
 * Reads through a window of the file into a heap buffer, in file order: as fast as a sequential read, and no byte of a
 * damaged file is ever dereferenced outside what was read.
 * <p>
 * Not thread safe.
 */
public final class JournalScanner
{
    /** Longest entry any node writes: the longest message a node accepts (1 MiB) and its framing. */
    public static final int MAX_ENTRY_LENGTH = 1024 * 1024 + JournalEntryLayout.FRAMING_LENGTH;

    static final int NOT_COMPLETE = 0x8000_0000;
    static final int META_DATA = 0x4000_0000;
    static final int LENGTH_MASK = 0x3FFF_FFFF;
    static final int END_OF_FILE = NOT_COMPLETE | META_DATA;
    static final int END_OF_FILE_TEXT = 0x464F45C3;
    static final int HEADER_LENGTH = 4;

    private static final int MAX_METADATA_LENGTH = 16 * 1024 * 1024;
    private static final int WINDOW_LENGTH = 32 * 1024 * 1024;
    private static final int FOR_EACH_WINDOW_LENGTH = 1024 * 1024;

    /**
     * Receives the entries of a scan, in journal order.
     */
    @FunctionalInterface
    public interface EntryHandler
    {
        /**
         * @param buffer   holding the entry, valid during the call only.
         * @param offset   of the entry.
         * @param length   of the entry.
         * @param isGood   true for an entry of the unbroken journal before the first fault; false for one found after
         *                 it (given only when the scan was asked to go past faults).
         * @return true to go on, false to stop the scan here (its result then covers what was read).
         */
        boolean onEntry(DirectBuffer buffer, int offset, int length, boolean isGood);
    }

    /**
     * The remnant of an entry a writer was writing when it died, after the last entry of the journal.
     *
     * @param file     holding it.
     * @param position of its header.
     * @param length   bytes from the header to its last non-zero byte.
     */
    public record Torn(File file, long position, int length)
    {
        /**
         * {@inheritDoc}
         */
        public String toString()
        {
            return "torn entry of " + length + " bytes at offset " + position + " of " + file.getName();
        }
    }

    /**
     * What a scan found.
     *
     * @param entries            good entries: those of the unbroken journal before the first fault.
     * @param firstSequence      engine sequence of the first good entry, -1 when none.
     * @param lastSequence       engine sequence of the last good entry, -1 when none.
     * @param lastTimestampNs    timestamp of the last good entry.
     * @param fault              the first fault (file, offset, entry number, what), or null.
     * @param entriesAfterFault  valid entries (own checksum good) found after the first fault.
     * @param torn               the torn remnant after the last entry, or null.
     * @param notes              what is not a fault but worth saying (metadata a crash left behind the data).
     * @param firstSequenceSeen  engine sequence of the first well-formed entry read, handed over or not; -1 for none.
     * @param lastSequenceSeen   engine sequence of the last well-formed entry read before any fault; -1 for none.
     */
    public record Result(
        long entries,
        long firstSequence,
        long lastSequence,
        long lastTimestampNs,
        String fault,
        long entriesAfterFault,
        Torn torn,
        List<String> notes,
        long firstSequenceSeen,
        long lastSequenceSeen)
    {
        /**
         * @return true when no byte of the journal is wrong (a torn tail is not wrong: it was never acknowledged).
         */
        public boolean isValid()
        {
            return null == fault;
        }
    }

    private final File journalDir;
    private final EntryHandler handler;
    private final boolean pastFaults;
    private final long afterSequence;
    private final long afterTimestampNs;
    private final byte[] window;
    private final ByteBuffer windowBuffer;
    private final UnsafeBuffer entryBuffer;
    private final JournalEntryView view = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();
    private final List<String> notes = new ArrayList<>();
    private JournalVerifier verifier;

    private final JournalMark.State mark;
    private FileChannel channel;
    private File file;
    private boolean isLastFile;
    private long fileLength;
    private long windowStart;
    private int windowLength;

    private String fault;
    private long entriesAfterFault;
    private Torn torn;
    private long firstSequence = -1;
    private long firstSequenceSeen = -1;
    private long lastSequenceSeen = -1;
    private boolean isStopped;

    private JournalScanner(
        final File journalDir,
        final EntryHandler handler,
        final boolean pastFaults,
        final long afterSequence,
        final long afterTimestampNs)
    {
        this(journalDir, handler, pastFaults, afterSequence, afterTimestampNs, true);
    }

    private JournalScanner(
        final File journalDir,
        final EntryHandler handler,
        final boolean pastFaults,
        final long afterSequence,
        final long afterTimestampNs,
        final boolean readsToTheEnd)
    {
        this.journalDir = journalDir;
        this.handler = handler;
        this.pastFaults = pastFaults;
        this.afterSequence = afterSequence;
        this.afterTimestampNs = afterTimestampNs;
        // The writer's mark is where the whole journal ends: a scan of one completed cycle does not reach it.
        this.mark = readsToTheEnd ? JournalMark.read(journalDir) : null;
        long longest = 0;
        for (final File cycleFile : cycleFiles(journalDir))
        {
            longest = Math.max(longest, cycleFile.length());
        }
        window = new byte[(int)Math.min(WINDOW_LENGTH, Math.max(64 * 1024, longest))];
        windowBuffer = ByteBuffer.wrap(window).order(ByteOrder.LITTLE_ENDIAN);
        entryBuffer = new UnsafeBuffer(window);
    }

    /**
     * Scan a whole journal.
     *
     * @param journalDir directory of the cycle files.
     * @param handler    given every good entry (and, when {@code pastFaults}, the valid ones after a fault); may be
     *                   null.
     * @param pastFaults whether to go on past a fault, handing over the valid entries found after it.
     * @return what was found.
     */
    public static Result scan(final File journalDir, final EntryHandler handler, final boolean pastFaults)
    {
        return new JournalScanner(journalDir, handler, pastFaults, Long.MIN_VALUE, Long.MIN_VALUE)
            .run(cycleFiles(journalDir));
    }

    /**
     * Scan one completed cycle file alone (one the writer has moved on from), its first entry taken as it is.
     *
     * @param journalDir directory of the cycle files.
     * @param cycleFile  one of them.
     * @param handler    given every good entry of the file.
     * @return what was found in the file.
     */
    public static Result scanFile(final File journalDir, final File cycleFile, final EntryHandler handler)
    {
        return new JournalScanner(journalDir, handler, false, Long.MIN_VALUE, Long.MIN_VALUE, false)
            .run(List.of(cycleFile));
    }

    /**
     * Scan the journal from the cycle file of a given one on, as recovery does after a snapshot: the entries of that
     * file before the one continued after are checked but not handed over, and no earlier file is read.
     *
     * @param journalDir       directory of the cycle files.
     * @param firstFile        cycle file to start at; null for the first.
     * @param afterSequence    engine sequence the scan continues after (that of the snapshot), -1 for none: the entry
     *                         after it must have the next sequence; {@code Long.MIN_VALUE} to take the first entry
     *                         as it is.
     * @param afterTimestampNs its timestamp.
     * @param handler          given every good entry after {@code afterSequence}.
     * @return what was found; entries counted are those after {@code afterSequence}.
     */
    public static Result scanFrom(
        final File journalDir,
        final File firstFile,
        final long afterSequence,
        final long afterTimestampNs,
        final EntryHandler handler)
    {
        final List<File> files = cycleFiles(journalDir);
        final int first = null == firstFile ? 0 : Math.max(0, files.indexOf(firstFile));
        return new JournalScanner(journalDir, handler, false, afterSequence, afterTimestampNs)
            .run(files.subList(first, files.size()));
    }

    /**
     * The cycle file a scan continuing after an engine sequence starts at: the newest whose first entry is at or
     * before the next one, found by reading the first entry of files from the newest back, so that older files are
     * not read. A file whose first entry cannot be read is taken (its scan will say why).
     *
     * @param journalDir directory of a journal.
     * @param sequence   engine sequence the scan is to reach first.
     * @return the file, or null when the journal has none.
     */
    public static File fileHolding(final File journalDir, final long sequence)
    {
        final List<File> files = cycleFiles(journalDir);
        for (int i = files.size() - 1; i > 0; i--)
        {
            final long first = firstSequenceOf(files.get(i));
            if (first < 0 || first <= sequence)
            {
                return files.get(i);
            }
        }
        return files.isEmpty() ? null : files.get(0);
    }

    /**
     * @return engine sequence of a cycle file's first entry, -1 when it cannot be read.
     */
    private static long firstSequenceOf(final File cycleFile)
    {
        return firstLongOf(cycleFile, JournalEntryLayout.ENGINE_SEQUENCE_OFFSET);
    }

    /**
     * @param cycleFile a cycle file of a journal or of an output log.
     * @return the timestamp of its first entry, -1 when it has none or it cannot be read.
     */
    static long firstTimestampOf(final File cycleFile)
    {
        return firstLongOf(cycleFile, JournalEntryLayout.TIMESTAMP_OFFSET);
    }

    private static long firstLongOf(final File cycleFile, final int fieldOffset)
    {
        final long[] first = { -1 };
        try
        {
            forEachEntry(cycleFile, 64, (buffer, offset, length, isGood) ->
            {
                first[0] = buffer.getLong(offset + fieldOffset, ByteOrder.LITTLE_ENDIAN);
                return false;
            });
        }
        catch (final UncheckedIOException ex)
        {
            return -1;
        }
        return first[0];
    }

    /**
     * Walk a completed cycle file's documents (Chronicle's headers) and hand over each entry's bytes, metadata passed
     * over, up to the first incomplete document or the end, with no check of the entries beyond their framing's
     * length: for reading files that were sealed or that no one writes.
     *
     * @param cycleFile    to read.
     * @param maxDocuments most documents to walk, metadata included.
     * @param handler      given each entry (as good); returns false to stop.
     */
    static void forEachEntry(final File cycleFile, final int maxDocuments, final EntryHandler handler)
    {
        try (FileChannel channel = FileChannel.open(cycleFile.toPath(), StandardOpenOption.READ))
        {
            final long size = channel.size();
            // Read through a window of the file, not a read per document: a cycle of a million entries is walked
            // with a few hundred reads instead of two million.
            ByteBuffer window = ByteBuffer.allocate((int)Math.min(FOR_EACH_WINDOW_LENGTH, Math.max(size, 64)))
                .order(ByteOrder.LITTLE_ENDIAN);
            final UnsafeBuffer entry = new UnsafeBuffer(new byte[0]);
            long windowStart = 0;
            int windowLength = 0;
            long position = 0;
            for (int documents = 0; documents < maxDocuments && position + HEADER_LENGTH <= size; documents++)
            {
                if (position + HEADER_LENGTH > windowStart + windowLength)
                {
                    windowStart = position;
                    windowLength = fill(channel, window, position);
                }
                final int word = window.getInt((int)(position - windowStart));
                final int length = word & LENGTH_MASK;
                if (0 == word || (word & NOT_COMPLETE) != 0 || position + HEADER_LENGTH + length > size)
                {
                    return;
                }
                if ((word & META_DATA) == 0 && length >= JournalEntryLayout.FRAMING_LENGTH)
                {
                    if (position + HEADER_LENGTH + length > windowStart + windowLength)
                    {
                        if (HEADER_LENGTH + length > window.capacity())
                        {
                            window = ByteBuffer.allocate(HEADER_LENGTH + length).order(ByteOrder.LITTLE_ENDIAN);
                        }
                        windowStart = position;
                        windowLength = fill(channel, window, position);
                    }
                    entry.wrap(window.array(), (int)(position - windowStart) + HEADER_LENGTH, length);
                    if (!handler.onEntry(entry, 0, length, true))
                    {
                        return;
                    }
                }
                position = align(position + HEADER_LENGTH + length);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + cycleFile, ex);
        }
    }

    /**
     * @return bytes read into the window from the position: as many as it holds, fewer at the end of the file.
     */
    private static int fill(final FileChannel channel, final ByteBuffer window, final long position)
        throws IOException
    {
        window.clear();
        long at = position;
        while (window.hasRemaining())
        {
            final int read = channel.read(window, at);
            if (read < 0)
            {
                break;
            }
            at += read;
        }
        return window.position();
    }

    /**
     * @param journalDir directory of a journal.
     * @return its cycle files in order.
     */
    public static List<File> cycleFiles(final File journalDir)
    {
        final File[] files = journalDir.listFiles((dir, name) -> name.endsWith(".cq4"));
        if (null == files)
        {
            return List.of();
        }
        Arrays.sort(files);
        return List.of(files);
    }

    private Result run(final List<File> files)
    {
        verifier = afterSequence == Long.MIN_VALUE || afterSequence < -1 ? new JournalVerifier() :
            JournalVerifier.continuingAfter(afterSequence, afterTimestampNs);
        for (int i = 0; i < files.size(); i++)
        {
            final File cycleFile = files.get(i);
            try (FileChannel opened = FileChannel.open(cycleFile.toPath(), StandardOpenOption.READ))
            {
                channel = opened;
                file = cycleFile;
                isLastFile = i == files.size() - 1;
                fileLength = opened.size();
                windowStart = 0;
                windowLength = 0;
                scanFile();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + cycleFile, ex);
            }
            if (isStopped)
            {
                break;
            }
        }

        if (!isStopped)
        {
            checkAgainstMark();
        }
        final long entries = verifier.entries();
        return new Result(entries, entries > 0 ? firstSequence : -1, entries > 0 ? verifier.lastSequence() : -1,
            verifier.lastTimestampNs(), fault, entriesAfterFault, torn, List.copyOf(notes), firstSequenceSeen,
            lastSequenceSeen);
    }

    /**
     * The writer's mark says where the data ends, whatever the headers say: entries it recorded appending must be
     * here.
     */
    private void checkAgainstMark()
    {
        if (null == mark || null != fault)
        {
            return;
        }
        final long last = verifier.lastSequence();
        if (mark.lastSequence() > last)
        {
            fault = "entry #" + verifier.entries() + ": the journal ends " + (last < 0 ? "empty" : "at engine " +
                "sequence " + last) + ", but its writer recorded appending up to " + mark.lastSequence() + ": " +
                (mark.lastSequence() - last) + " entries are missing";
        }
        else if (mark.lastSequence() < last)
        {
            notes.add("the writer's mark says " + mark.lastSequence() + " where the journal ends at " + last +
                " (it stopped between an append and its mark)");
        }
    }

    /**
     * One cycle file: its header, its documents in order, the zeros after them, then the header and the indexes
     * against what the documents were.
     */
    private void scanFile() throws IOException
    {
        if (fileLength < HEADER_LENGTH)
        {
            fail(0, "the file is " + fileLength + " bytes long, too short for a header");
            return;
        }

        final int headerWord = intAt(0);
        final QueueMetadata.Header header;
        try
        {
            checkMetaDataWord(0, headerWord);
            header = QueueMetadata.header(copy(HEADER_LENGTH, headerWord & LENGTH_MASK));
            if (!checkPadding(HEADER_LENGTH + (headerWord & LENGTH_MASK)))
            {
                throw new IllegalArgumentException("a padding byte after it is not zero");
            }
        }
        catch (final RuntimeException ex)
        {
            fail(0, "the file header is damaged: " + ex.getMessage());
            resyncFrom(HEADER_LENGTH);
            return;
        }

        final long spacing = header.indexSpacing();
        final long indexCount = header.indexCount();
        if (spacing <= 0 || Long.bitCount(spacing) != 1 || indexCount <= 0 || Long.bitCount(indexCount) != 1 ||
            1 != header.dataFormat())
        {
            fail(0, "the file header's indexing is not Chronicle's (index count " + indexCount + ", spacing " +
                spacing + ", data format " + header.dataFormat() + ")");
            resyncFrom(HEADER_LENGTH);
            return;
        }

        final LongArrayList indexedPositions = new LongArrayList();
        final LongArrayList indexDocuments = new LongArrayList();
        final List<long[]> indexValues = new ArrayList<>();
        final LongArrayList indexUsed = new LongArrayList();
        QueueMetadata.Index index2index = null;
        long index2indexPosition = -1;
        long dataCount = 0;
        long lastDataPosition = -1;
        long writePositionSequence = -1;
        long beforeWritePosition = -1;
        boolean endOfFileMarker = false;

        long position = align(HEADER_LENGTH + (headerWord & LENGTH_MASK));
        while (true)
        {
            if (position + HEADER_LENGTH > fileLength)
            {
                fail(position, "the file ends inside a document header");
                return;
            }
            final int word = intAt(position);
            if (0 == word)
            {
                break;
            }
            if (END_OF_FILE == word)
            {
                endOfFileMarker = true;
                position += HEADER_LENGTH;
                // Chronicle's binary wire follows the marker with the text "EOF" (a 3-byte string: 0xC3 'E' 'O' 'F')
                // when an appender rolls to the next cycle.
                if (position + HEADER_LENGTH <= fileLength && END_OF_FILE_TEXT == intAt(position))
                {
                    position += HEADER_LENGTH;
                }
                break;
            }
            if ((word & NOT_COMPLETE) != 0)
            {
                break;
            }

            final int length = word & LENGTH_MASK;
            final boolean isMeta = (word & META_DATA) != 0;
            if (position + HEADER_LENGTH + length > fileLength ||
                length > (isMeta ? MAX_METADATA_LENGTH : MAX_ENTRY_LENGTH))
            {
                fail(position, "a document header claims " + length + " bytes, more than " +
                    (isMeta ? "any metadata" : "any entry") + " or the file holds");
                resyncFrom(position + HEADER_LENGTH);
                return;
            }

            if (isMeta)
            {
                final byte[] bytes = copy(position + HEADER_LENGTH, length);
                try
                {
                    if (position == header.index2Index())
                    {
                        index2index = QueueMetadata.index(bytes, "index2index");
                        if (null == index2index || index2index.capacity() != indexCount)
                        {
                            throw new IllegalArgumentException("not the index2index of " + indexCount + " slots");
                        }
                        index2indexPosition = position;
                    }
                    else
                    {
                        final QueueMetadata.Index index = QueueMetadata.index(bytes, "index");
                        if (null == index || index.capacity() != indexCount)
                        {
                            throw new IllegalArgumentException("not an index of " + indexCount + " slots");
                        }
                        indexDocuments.add(position);
                        indexValues.add(index.values());
                        indexUsed.add(index.used());
                    }
                }
                catch (final RuntimeException ex)
                {
                    fail(position, (isEntry(position + HEADER_LENGTH, length) ?
                        "an entry's header is marked as metadata" : "a metadata document is damaged: " +
                        ex.getMessage()));
                    resyncFrom(position + HEADER_LENGTH);
                    return;
                }
            }
            else
            {
                if (!onData(position, length))
                {
                    resyncFrom(position + HEADER_LENGTH);
                    return;
                }
                if (0 == dataCount % spacing)
                {
                    indexedPositions.add(position);
                }
                if (position == header.writePosition())
                {
                    writePositionSequence = dataCount;
                    beforeWritePosition = lastDataPosition;
                }
                dataCount++;
                lastDataPosition = position;
            }

            if (isStopped)
            {
                return;
            }
            if (!checkPadding(position + HEADER_LENGTH + length))
            {
                fail(position + HEADER_LENGTH + length, "a padding byte after a document is not zero");
                resyncFrom(align(position + HEADER_LENGTH + length));
                return;
            }
            position = align(position + HEADER_LENGTH + length);
        }

        if (!checkRestIsZero(position, endOfFileMarker))
        {
            return;
        }

        checkMetadata(header, dataCount, lastDataPosition, writePositionSequence, beforeWritePosition, index2index,
            index2indexPosition, indexDocuments, indexValues, indexUsed, indexedPositions);
    }

    /**
     * After the written data: zeros to the end of the file. What is not zero is a torn tail when it is an unfinished
     * entry with nothing valid after it, else a fault (a damaged header that hides what follows).
     *
     * @return true when the rest is clean or only a torn tail.
     */
    private boolean checkRestIsZero(final long end, final boolean afterEndOfFileMarker) throws IOException
    {
        final long nonZero = firstNonZero(end);
        if (nonZero < 0)
        {
            return true;
        }

        final long lastNonZero = lastNonZeroWithin(end, HEADER_LENGTH + MAX_ENTRY_LENGTH);
        final long validAfter = countValidFrom(align(end + HEADER_LENGTH));
        final boolean closedCleanly = isLastFile && null != mark && mark.isClosed();
        if (!afterEndOfFileMarker && !closedCleanly && 0 == validAfter && lastNonZero >= 0 &&
            firstNonZero(lastNonZero + 1) < 0)
        {
            torn = new Torn(file, end, (int)(lastNonZero - end + 1));
            return true;
        }

        fail(end, validAfter > 0 ? "an entry header is damaged (zero or marked not complete) and valid entries " +
            "follow it" : "non-zero bytes at offset " + nonZero + " after the end of the written data" +
            (closedCleanly ? " of a journal its writer closed cleanly" : ""));
        resyncFrom(align(end + HEADER_LENGTH));
        return false;
    }

    private void checkMetadata(
        final QueueMetadata.Header header,
        final long dataCount,
        final long lastDataPosition,
        final long writePositionSequence,
        final long beforeWritePosition,
        final QueueMetadata.Index index2index,
        final long index2indexPosition,
        final LongArrayList indexDocuments,
        final List<long[]> indexValues,
        final LongArrayList indexUsed,
        final LongArrayList indexedPositions)
    {
        if (null != fault)
        {
            return;
        }
        final long spacing = header.indexSpacing();
        final long indexCount = header.indexCount();
        long unindexed = 0;
        // A writer that closed cleanly left its metadata exact; only one that was killed may have left it behind.
        final boolean mayLag = !(isLastFile && null != mark && mark.isClosed());

        // Where the last excerpt is: exact after a clean stop; a crash may leave it at an earlier one.
        final boolean writePositionExact = dataCount > 0 && header.writePosition() == lastDataPosition;
        final long writeSequence = writePositionExact ? dataCount - 1 : writePositionSequence;
        // Its two values are written one after the other: the second may still be the previous excerpt's.
        final boolean secondLags = mayLag && writeSequence > 0 && beforeWritePosition >= 0 &&
            header.writeSequence() == (beforeWritePosition << 32 | (writeSequence - 1));
        if (0 == dataCount ? header.writePosition() != 0 || header.writeSequence() != 0 :
            writeSequence < 0 || (header.writeSequence() != (header.writePosition() << 32 | writeSequence) &&
            !secondLags) || (!writePositionExact && !mayLag))
        {
            fail(0, "the file header's write position [" + header.writePosition() + ", " + header.writeSequence() +
                "] is not that of an excerpt (the last is at " + lastDataPosition + ", number " + (dataCount - 1) +
                ")");
            return;
        }
        if (!writePositionExact && dataCount > 0)
        {
            notes.add(file.getName() + ": the header's write position is at excerpt " + writeSequence + " of " +
                dataCount + ", left by a writer that stopped; Chronicle moves it on at the next append");
        }

        // Chronicle updates the header and the index after each excerpt is committed: a writer killed in between leaves
        // them one excerpt behind (or, for an excerpt it was writing, one ahead of a torn tail). Nothing else.
        final long lastIndex = header.lastIndex();
        // A killed writer may also leave the index a block behind: Chronicle finds the excerpts after it by a scan
        // and indexes them at its next append (seen once after a kill -9 under load: 101 excerpts past the last
        // index entry). The excerpts are each checked on their own.
        final boolean indexLags = mayLag && dataCount > 0 && 0 == lastIndex % spacing &&
            lastIndex < roundUp(dataCount, spacing) && lastIndex >= roundUp(dataCount, spacing) - spacing;
        if (indexLags && lastIndex != roundUp(dataCount - 1, spacing))
        {
            notes.add(file.getName() + ": the header's index stops at " + lastIndex + " of " + dataCount +
                " excerpts, left by a writer that was killed; Chronicle indexes the rest at the next append");
        }
        if (lastIndex != roundUp(dataCount, spacing) && !(mayLag && dataCount > 0 &&
            lastIndex == roundUp(dataCount - 1, spacing)) && !(null != torn && lastIndex == roundUp(dataCount + 1,
            spacing)) && !indexLags)
        {
            fail(0, "the file header's last index " + lastIndex + " does not match " + dataCount +
                " excerpts indexed every " + spacing);
            return;
        }

        if (null == index2index)
        {
            if (dataCount > 0)
            {
                fail(header.index2Index(), "the index2index document is missing");
            }
            return;
        }
        if (index2index.used() != indexDocuments.size() && !(null != torn && index2index.used() ==
            indexDocuments.size() + 1))
        {
            fail(index2indexPosition, "the index2index uses " + index2index.used() + " slots for " +
                indexDocuments.size() + " index arrays");
            return;
        }
        for (int j = 0; j < indexCount; j++)
        {
            final long expected = j < indexDocuments.size() ? indexDocuments.getLong(j) : 0;
            if (index2index.values()[j] != expected)
            {
                fail(index2indexPosition, "index2index slot " + j + " holds " + index2index.values()[j] + " where " +
                    expected + " was expected");
                return;
            }
        }

        for (int j = 0; j < indexDocuments.size(); j++)
        {
            final long[] values = indexValues.get(j);
            long filled = 0;
            for (int k = 0; k < indexCount; k++)
            {
                final long indexed = (long)j * indexCount + k;
                final long expected = indexed < indexedPositions.size() ? indexedPositions.getLong((int)indexed) : 0;
                final boolean tornSlot = null != torn && indexed == indexedPositions.size() &&
                    values[k] == torn.position();
                // A writer killed after an excerpt but before indexing it leaves the slot empty for good (the next
                // writer indexes what it writes): Chronicle finds such an excerpt from the one indexed before it.
                final boolean notIndexed = 0 == values[k] && indexed < indexedPositions.size();
                if (notIndexed)
                {
                    unindexed++;
                }
                if (values[k] != expected && !tornSlot && !notIndexed)
                {
                    fail(indexDocuments.getLong(j), "index " + j + " slot " + k + " holds " + values[k] +
                        " where " + expected + " (the position of excerpt " + indexed * spacing + ") was expected");
                    return;
                }
                if (0 != values[k])
                {
                    filled = k + 1;
                }
            }
            if (indexUsed.getLong(j) != filled)
            {
                fail(indexDocuments.getLong(j), "index " + j + " says " + indexUsed.getLong(j) + " slots are used, " +
                    filled + " are");
                return;
            }
        }
        if (unindexed > 0)
        {
            notes.add(file.getName() + ": " + unindexed + " of " + indexedPositions.size() + " excerpts due for " +
                "indexing are not indexed, left by a writer that was killed; Chronicle reads them from the one before");
        }
        if ((long)indexDocuments.size() * indexCount < indexedPositions.size())
        {
            fail(index2indexPosition, indexedPositions.size() + " indexed excerpts but room in the index arrays for " +
                (long)indexDocuments.size() * indexCount);
        }
    }

    /**
     * A data document: one journal entry, checked and handed over.
     *
     * @return false on a fault (recorded).
     */
    private boolean onData(final long position, final int length) throws IOException
    {
        final int offset = ensure(position + HEADER_LENGTH, length);
        if (null != fault)
        {
            if (isValidEntryAt(offset, length))
            {
                entriesAfterFault++;
                if (pastFaults && null != handler && !handler.onEntry(entryBuffer, offset, length, false))
                {
                    isStopped = true;
                }
            }
            return true;
        }

        view.wrap(entryBuffer, offset, length);
        final boolean isWellFormed = length >= JournalEntryLayout.FRAMING_LENGTH && null == view.structuralFault();
        if (isWellFormed)
        {
            firstSequenceSeen = firstSequenceSeen < 0 ? view.engineSequence() : firstSequenceSeen;
        }
        final boolean continuedAfter = afterSequence != Long.MIN_VALUE && isWellFormed &&
            view.engineSequence() <= afterSequence;
        if (continuedAfter)
        {
            // Before the point recovery continues after: checked for damage, not handed over.
            if (!checksum.matches(entryBuffer, offset, length))
            {
                fail(position, "sequence " + view.engineSequence() + ": checksum mismatch");
                return false;
            }
            lastSequenceSeen = view.engineSequence();
            return true;
        }

        final String entryFault = verifier.checkNext(entryBuffer, offset, length);
        if (null != entryFault)
        {
            fault = verifier.faultAt(where(position), entryFault);
            countValid(position + HEADER_LENGTH, length);
            return false;
        }
        lastSequenceSeen = view.engineSequence();
        if (verifier.entries() == 1)
        {
            firstSequence = view.engineSequence();
        }
        if (null != handler && !handler.onEntry(entryBuffer, offset, length, true))
        {
            isStopped = true;
        }
        return true;
    }

    /**
     * After a fault: search on, from a position, for valid entries (their own checksum good), counting them, in this
     * file and handing them over when asked to.
     */
    private void resyncFrom(final long from) throws IOException
    {
        long position = align(from);
        while (position + HEADER_LENGTH <= fileLength)
        {
            final int length = plausibleEntryLength(position);
            if (length > 0)
            {
                final int offset = ensure(position + HEADER_LENGTH, length);
                if (isValidEntryAt(offset, length))
                {
                    entriesAfterFault++;
                    if (pastFaults && null != handler && !handler.onEntry(entryBuffer, offset, length, false))
                    {
                        isStopped = true;
                        return;
                    }
                    position = align(position + HEADER_LENGTH + length);
                    continue;
                }
            }
            position += HEADER_LENGTH;
        }
    }

    /**
     * @return valid entries (own checksum good) from a position to the end of the file, without handing them over.
     */
    private long countValidFrom(final long from) throws IOException
    {
        long count = 0;
        long position = align(from);
        while (position + HEADER_LENGTH <= fileLength)
        {
            final int length = plausibleEntryLength(position);
            if (length > 0 && isValidEntryAt(ensure(position + HEADER_LENGTH, length), length))
            {
                count++;
                position = align(position + HEADER_LENGTH + length);
                continue;
            }
            position += HEADER_LENGTH;
        }
        return count;
    }

    /**
     * @return the length of the data document whose header is at the position, if it could be one of an entry; else 0.
     */
    private int plausibleEntryLength(final long position) throws IOException
    {
        final int word = intAt(position);
        final int length = word & LENGTH_MASK;
        return (word & (NOT_COMPLETE | META_DATA)) == 0 && length >= JournalEntryLayout.FRAMING_LENGTH &&
            length <= MAX_ENTRY_LENGTH && position + HEADER_LENGTH + length <= fileLength ? length : 0;
    }

    private void countValid(final long offsetInFile, final int length) throws IOException
    {
        final int offset = ensure(offsetInFile, length);
        if (isValidEntryAt(offset, length))
        {
            entriesAfterFault++;
        }
    }

    private boolean isValidEntryAt(final int offset, final int length)
    {
        view.wrap(entryBuffer, offset, length);
        return null == view.structuralFault() && checksum.matches(entryBuffer, offset, length);
    }

    private boolean isEntry(final long offsetInFile, final int length) throws IOException
    {
        return length <= MAX_ENTRY_LENGTH && isValidEntryAt(ensure(offsetInFile, length), length);
    }

    private void checkMetaDataWord(final long position, final int word)
    {
        final int length = word & LENGTH_MASK;
        if ((word & NOT_COMPLETE) != 0 || (word & META_DATA) == 0 || length == 0 || length > MAX_METADATA_LENGTH ||
            position + HEADER_LENGTH + length > fileLength)
        {
            throw new IllegalArgumentException("its length word 0x" + Integer.toHexString(word) +
                " is not that of a complete metadata document");
        }
    }

    /**
     * @return true when the bytes from the end of a document to the next 4-byte boundary are zero.
     */
    private boolean checkPadding(final long end) throws IOException
    {
        final long aligned = align(end);
        if (aligned == end)
        {
            return true;
        }
        final int offset = ensure(end, (int)(aligned - end));
        for (int i = 0; i < aligned - end; i++)
        {
            if (0 != window[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    private long firstNonZero(final long from) throws IOException
    {
        long position = from;
        while (position < fileLength)
        {
            final int length = (int)Math.min(window.length, fileLength - position);
            final int offset = ensure(position, length);
            for (int i = 0; i < length; i++)
            {
                if (0 != window[offset + i])
                {
                    return position + i;
                }
            }
            position += length;
        }
        return -1;
    }

    private long lastNonZeroWithin(final long from, final int maxLength) throws IOException
    {
        final int length = (int)Math.min(maxLength, fileLength - from);
        if (length <= 0)
        {
            return -1;
        }
        final int offset = ensure(from, length);
        for (int i = length - 1; i >= 0; i--)
        {
            if (0 != window[offset + i])
            {
                return from + i;
            }
        }
        return -1;
    }

    private String where(final long position)
    {
        return file.getName() + " offset " + position +
            (lastSequenceSeen >= 0 ? ", after engine sequence " + lastSequenceSeen : "");
    }

    private void fail(final long position, final String what)
    {
        if (null == fault)
        {
            fault = "entry #" + verifier.entries() + " (" + where(position) + "): " + what;
        }
    }

    private int intAt(final long position) throws IOException
    {
        return windowBuffer.getInt(ensure(position, Integer.BYTES));
    }

    private byte[] copy(final long position, final int length) throws IOException
    {
        final int offset = ensure(position, length);
        return Arrays.copyOfRange(window, offset, offset + length);
    }

    /**
     * Make the bytes [position, position + length) of the file readable in the window.
     *
     * @return their offset in the window.
     */
    private int ensure(final long position, final int length) throws IOException
    {
        if (length > window.length || position < 0 || position + length > fileLength)
        {
            throw new IllegalArgumentException(length + " bytes at " + position + " are outside " + file);
        }
        if (position < windowStart || position + length > windowStart + windowLength)
        {
            windowStart = position;
            final ByteBuffer target = ByteBuffer.wrap(window, 0, (int)Math.min(window.length, fileLength - position));
            while (target.hasRemaining())
            {
                if (channel.read(target, windowStart + target.position()) < 0)
                {
                    break;
                }
            }
            windowLength = target.position();
        }
        return (int)(position - windowStart);
    }

    private static long align(final long position)
    {
        return (position + 3) & ~3L;
    }

    private static long roundUp(final long count, final long spacing)
    {
        return (count + spacing - 1) / spacing * spacing;
    }

    File journalDir()
    {
        return journalDir;
    }
}
