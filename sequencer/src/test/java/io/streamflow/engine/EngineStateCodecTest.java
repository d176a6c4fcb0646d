package io.streamflow.engine;

import io.streamflow.operators.Operator;
import io.streamflow.operators.StateHash;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
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

    private final EngineStateCodec codec = new EngineStateCodec();

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

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(buffer, 8, original, operator);
        assertNull(codec.fault(buffer, 8, length), "seed " + seed);

        final DedupTable[] restored = { new DedupTable(WINDOW, MAX_CLIENTS), new DedupTable(WINDOW, MAX_CLIENTS) };
        final CountingOperator restoredOperator = new CountingOperator(0);
        codec.decode(buffer, 8, length, restored, restoredOperator);

        assertEquals(12345, restoredOperator.count);
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
        assertEquals(length, codec.encode(again, 0, restored[0], restoredOperator));
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
        final int length = codec.encode(a, 0, forwards, new CountingOperator(1));
        assertEquals(length, codec.encode(b, 0, backwards, new CountingOperator(1)));
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
        final int length = codec.encode(buffer, 0, table, new CountingOperator(3));
        for (int cut = 1; cut < length; cut++)
        {
            assertNotNull(codec.fault(buffer, 0, length - cut), "cut by " + cut);
        }
        assertNotNull(codec.fault(buffer, 0, length + 1), "trailing byte");
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
