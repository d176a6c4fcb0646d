package io.streamflow.engine;

import io.streamflow.operators.Operator;
import io.streamflow.operators.StateHash;
import io.streamflow.protocol.StreamCatalog;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's whole state through a snapshot and back: the dedup table answers every resend as before, the operator
 * is restored, the bytes are canonical, and a state of another format or a damaged one is refused before anything is
 * restored.
 */
class EngineStateCodecTest
{
    private static final int WINDOW = 16;
    private static final int MAX_CLIENTS = 64;

    private static final StreamCatalog CATALOG = StreamCatalog.parse("records=1:3,orders=3,telemetry=2:2");

    private final EngineStateCodec codec = new EngineStateCodec();
    private final PartitionOffsets noOffsets = new PartitionOffsets(CATALOG);

    @Test
    void theDedupTableAndTheOperatorComeBackAsTheyWere()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final DedupTable original = new DedupTable(WINDOW, MAX_CLIENTS);
        long engineSequence = 0;
        for (int i = 0; i < 2_000; i++)
        {
            final long clientId = 1 + random.nextInt(20);
            // Gaps of up to twice the window, so that old entries survive in slots that later ones skipped.
            final long clientSequence = original.lastClientSequence(clientId) + 1 + random.nextInt(2 * WINDOW);
            original.onApplied(clientId, clientSequence, engineSequence++);
        }
        original.admit(99); // connected, never applied anything: not state of the journal, not in the snapshot.
        final CountingOperator operator = new CountingOperator(12345);
        final PartitionOffsets offsets = new PartitionOffsets(CATALOG);
        for (int slot = 0; slot < CATALOG.partitionSlots(); slot++)
        {
            for (int i = random.nextInt(1_000); i > 0; i--)
            {
                offsets.assign(slot);
            }
        }

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(buffer, 8, original, offsets, operator);
        assertNull(codec.fault(buffer, 8, length), "seed " + seed);

        final DedupTable[] restored = { new DedupTable(WINDOW, MAX_CLIENTS), new DedupTable(WINDOW, MAX_CLIENTS) };
        final CountingOperator restoredOperator = new CountingOperator(0);
        final PartitionOffsets[] restoredOffsets = { new PartitionOffsets(CATALOG), new PartitionOffsets(CATALOG) };
        codec.decode(buffer, 8, length, restored, restoredOffsets, restoredOperator);

        assertEquals(12345, restoredOperator.count);
        for (final PartitionOffsets copy : restoredOffsets)
        {
            for (int slot = 0; slot < CATALOG.partitionSlots(); slot++)
            {
                assertEquals(offsets.nextOffset(slot), copy.nextOffset(slot), "slot " + slot + ", seed " + seed);
            }
        }
        for (final DedupTable table : restored)
        {
            assertEquals(20, table.clientCount(), "seed " + seed);
            for (long clientId = 1; clientId <= 20; clientId++)
            {
                assertEquals(original.lastClientSequence(clientId), table.lastClientSequence(clientId));
                for (long s = 0; s <= original.lastClientSequence(clientId) + 1; s++)
                {
                    assertEquals(original.isDuplicate(clientId, s), table.isDuplicate(clientId, s));
                    assertEquals(original.engineSequenceOf(clientId, s), table.engineSequenceOf(clientId, s),
                        "client " + clientId + " sequence " + s + ", seed " + seed);
                }
            }
        }

        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(64);
        assertEquals(length, codec.encode(again, 0, restored[0], restoredOffsets[0], restoredOperator));
        assertArrayEquals(bytes(buffer, 8, length), bytes(again, 0, length), "what is restored snapshots the same");
    }

    @Test
    void equalStatesGiveEqualBytesWhateverOrderTheClientsCameIn()
    {
        final DedupTable forwards = new DedupTable(WINDOW, MAX_CLIENTS);
        final DedupTable backwards = new DedupTable(WINDOW, MAX_CLIENTS);
        for (long clientId = 1; clientId <= 30; clientId++)
        {
            forwards.onApplied(clientId, 0, clientId);
            backwards.onApplied(31 - clientId, 0, 31 - clientId);
        }

        final ExpandableArrayBuffer a = new ExpandableArrayBuffer(64);
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(64);
        final int length = codec.encode(a, 0, forwards, noOffsets, new CountingOperator(1));
        assertEquals(length, codec.encode(b, 0, backwards, noOffsets, new CountingOperator(1)));
        assertArrayEquals(bytes(a, 0, length), bytes(b, 0, length));
    }

    @Test
    void aStateOfAnotherFormatOrADamagedOneIsRefusedBeforeAnythingIsRestored()
    {
        final ExpandableArrayBuffer operatorOnly = new ExpandableArrayBuffer(64);
        final int operatorLength = new CountingOperator(7).snapshot(operatorOnly, 0);
        final String legacy = codec.fault(operatorOnly, 0, operatorLength);
        assertNotNull(legacy);
        assertTrue(legacy.contains("earlier version"), legacy);

        final DedupTable table = new DedupTable(WINDOW, MAX_CLIENTS);
        table.onApplied(1, 0, 0);
        table.onApplied(1, 1, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(buffer, 0, table, noOffsets, new CountingOperator(3));
        for (int cut = 1; cut < length; cut++)
        {
            assertNotNull(codec.fault(buffer, 0, length - cut), "cut by " + cut);
        }
        assertNotNull(codec.fault(buffer, 0, length + 1), "trailing byte");
    }

    @Test
    void offsetsOfPartitionsTheCatalogNoLongerHasArePassedOver()
    {
        final PartitionOffsets offsets = new PartitionOffsets(CATALOG);
        offsets.assign(CATALOG.slotOf(1, 2));
        offsets.assign(CATALOG.slotOf(2, 1));
        offsets.assign(CATALOG.slotOf(2, 1));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(
            buffer, 0, new DedupTable(WINDOW, MAX_CLIENTS), offsets, new CountingOperator(1));

        final StreamCatalog fewer = StreamCatalog.parse("records=1:2,telemetry=2:4");
        final PartitionOffsets restored = new PartitionOffsets(fewer);
        codec.decode(buffer, 0, length, new DedupTable[]{ new DedupTable(WINDOW, MAX_CLIENTS) },
            new PartitionOffsets[]{ restored }, new CountingOperator(0));
        assertEquals(0, restored.nextOffset(fewer.slotOf(1, 0)));
        assertEquals(0, restored.nextOffset(fewer.slotOf(1, 1)));
        assertEquals(2, restored.nextOffset(fewer.slotOf(2, 1)), "a partition kept keeps its offsets");
        assertEquals(0, restored.nextOffset(fewer.slotOf(2, 3)), "a partition added starts at 0");
    }

    @Test
    void streamsCreatedAtRunTimeComeBackWithTheirOffsetsInEveryCopy()
    {
        final PartitionOffsets offsets = new PartitionOffsets(CATALOG);
        offsets.create("audit", 9, 2);
        offsets.create("metrics", 4, 1);
        offsets.assign(offsets.catalog().slotOf(9, 1));
        offsets.assign(offsets.catalog().slotOf(9, 1));
        offsets.assign(offsets.catalog().slotOf(4, 0));
        offsets.assign(CATALOG.slotOf(1, 0));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(
            buffer, 0, new DedupTable(WINDOW, MAX_CLIENTS), offsets, new CountingOperator(1));
        assertEquals(null, codec.fault(buffer, 0, length));

        final PartitionOffsets[] copies = { new PartitionOffsets(CATALOG), new PartitionOffsets(CATALOG) };
        codec.decode(buffer, 0, length, new DedupTable[]{ new DedupTable(WINDOW, MAX_CLIENTS) }, copies,
            new CountingOperator(0));
        for (final PartitionOffsets copy : copies)
        {
            final StreamCatalog catalog = copy.catalog();
            assertEquals(CATALOG.toSpec() + ",audit=9:2,metrics=4", catalog.toSpec());
            assertEquals(0, copy.nextOffset(catalog.slotOf(9, 0)));
            assertEquals(2, copy.nextOffset(catalog.slotOf(9, 1)));
            assertEquals(1, copy.nextOffset(catalog.slotOf(4, 0)));
            assertEquals(1, copy.nextOffset(catalog.slotOf(1, 0)));
            assertEquals(offsets.created(), copy.created(), "and each copy snapshots them again");
        }

        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(64);
        final int againLength = codec.encode(
            again, 0, new DedupTable(WINDOW, MAX_CLIENTS), copies[0], new CountingOperator(1));
        assertArrayEquals(bytes(buffer, 0, length), bytes(again, 0, againLength), "the same state, the same bytes");
    }

    @Test
    void aStateOfTheVersionBeforeCreatedStreamsIsRestored()
    {
        final PartitionOffsets offsets = new PartitionOffsets(CATALOG);
        offsets.assign(CATALOG.slotOf(2, 1));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(
            buffer, 0, new DedupTable(WINDOW, MAX_CLIENTS), offsets, new CountingOperator(5));

        // Version 4 wrote no createdStreams group: the same bytes without its (empty) group header.
        final io.streamflow.sbe.snapshot.EngineStateDecoder state = new io.streamflow.sbe.snapshot.EngineStateDecoder()
            .wrapAndApplyHeader(buffer, 0, new io.streamflow.sbe.snapshot.MessageHeaderDecoder());
        final io.streamflow.sbe.snapshot.EngineStateDecoder.PartitionsDecoder partitions = state.partitions();
        while (partitions.hasNext())
        {
            partitions.next();
        }
        final int groupHeader = state.limit();
        final int groupHeaderLength = io.streamflow.sbe.snapshot.EngineStateDecoder.CreatedStreamsDecoder.HEADER_SIZE;
        final ExpandableArrayBuffer older = new ExpandableArrayBuffer(length);
        older.putBytes(0, buffer, 0, groupHeader);
        older.putBytes(groupHeader, buffer, groupHeader + groupHeaderLength, length - groupHeader - groupHeaderLength);
        older.putShort(6, (short)4);
        final int olderLength = length - groupHeaderLength;

        assertEquals(null, codec.fault(older, 0, olderLength));
        final PartitionOffsets restored = new PartitionOffsets(CATALOG);
        final CountingOperator operator = new CountingOperator(0);
        codec.decode(older, 0, olderLength, new DedupTable[0], new PartitionOffsets[]{ restored }, operator);
        assertEquals(1, restored.nextOffset(CATALOG.slotOf(2, 1)));
        assertEquals(CATALOG.toSpec(), restored.catalog().toSpec());
        assertEquals(5, operator.count, "the operator's state after it");
    }

    @Test
    void aCreatedStreamTheNodeIsNowConfiguredWithIsPassedOverAndNoted()
    {
        final PartitionOffsets offsets = new PartitionOffsets(CATALOG);
        offsets.create("audit", 9, 2);
        offsets.assign(offsets.catalog().slotOf(9, 1));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(
            buffer, 0, new DedupTable(WINDOW, MAX_CLIENTS), offsets, new CountingOperator(1));

        final StreamCatalog configured = StreamCatalog.parse(CATALOG.toSpec() + ",audit=9:2");
        final PartitionOffsets restored = new PartitionOffsets(configured);
        codec.decode(buffer, 0, length, new DedupTable[0], new PartitionOffsets[]{ restored },
            new CountingOperator(0));
        assertEquals(configured.toSpec(), restored.catalog().toSpec());
        assertEquals(List.of(), restored.created());
        assertEquals(1, restored.passedOver().size(), restored.passedOver().toString());
        assertEquals(1, restored.nextOffset(configured.slotOf(9, 1)), "its offsets kept");
    }

    private static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return Arrays.copyOf(bytes, length);
    }

    /**
     * An operator whose whole state is one count.
     */
    private static final class CountingOperator implements Operator
    {
        long count;

        CountingOperator(final long count)
        {
            this.count = count;
        }

        public void onCommand(
            final long engineSequence,
            final long timestampNs,
            final int partition,
            final long partitionOffset,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final io.streamflow.operators.EgressSink egress)
        {
            count++;
        }

        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            buffer.putLong(offset, count);
            return Long.BYTES;
        }

        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
            count = buffer.getLong(offset);
        }

        public long stateHash()
        {
            final UnsafeBuffer state = new UnsafeBuffer(new byte[Long.BYTES]);
            state.putLong(0, count);
            return StateHash.of(state, 0, Long.BYTES);
        }
    }
}
