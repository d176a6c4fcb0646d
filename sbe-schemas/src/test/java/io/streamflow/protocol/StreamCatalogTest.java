package io.streamflow.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamCatalogTest
{
    @Test
    void resolvesNamesAndIds()
    {
        final StreamCatalog catalog = StreamCatalog.parse("records=1, telemetry=2");
        assertEquals(1, catalog.resolve("records"));
        assertEquals(2, catalog.resolve("2"));
        assertTrue(catalog.contains(2));
        assertFalse(catalog.contains(3));
        assertEquals("telemetry", catalog.nameOf(2));
        assertEquals("7", catalog.nameOf(7));
    }

    @Test
    void badSpecsAreNamed()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a=1,b=1"))
            .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a"))
            .getMessage().contains("name=id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a=x"))
            .getMessage().contains("numeric"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a=0"))
            .getMessage().contains("positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse(" "))
            .getMessage().contains("no streams"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a=1").resolve("b"))
            .getMessage().contains("unknown stream"));
    }

    @Test
    void partitionsHaveSlotsStreamByStream()
    {
        final StreamCatalog catalog = StreamCatalog.parse("records=1:3,orders=3,telemetry=2:2");
        assertEquals(3, catalog.partitionsOf(1));
        assertEquals(1, catalog.partitionsOf(3));
        assertEquals(0, catalog.partitionsOf(9));
        assertEquals(6, catalog.partitionSlots());
        assertEquals(0, catalog.slotOf(1, 0));
        assertEquals(2, catalog.slotOf(1, 2));
        assertEquals(3, catalog.slotOf(3, 0));
        assertEquals(5, catalog.slotOf(2, 1));
        assertEquals(StreamCatalog.NO_SLOT, catalog.slotOf(1, 3));
        assertEquals(StreamCatalog.NO_SLOT, catalog.slotOf(1, -1));
        assertEquals(StreamCatalog.NO_SLOT, catalog.slotOf(9, 0));
        for (int slot = 0; slot < catalog.partitionSlots(); slot++)
        {
            assertEquals(slot, catalog.slotOf(catalog.streamIdOfSlot(slot), catalog.partitionOfSlot(slot)));
        }
        assertEquals("records=1:3,orders=3,telemetry=2:2", catalog.toSpec());
        assertEquals(catalog.toSpec(), StreamCatalog.parse(catalog.toSpec()).toSpec());
    }

    @Test
    void badPartitionCountsAreNamed()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a=1:0"))
            .getMessage().contains("partitions must be 1 to"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a=1:5000"))
            .getMessage().contains("partitions must be 1 to"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a=1:x"))
            .getMessage().contains("numeric partition count"));

        final StringBuilder many = new StringBuilder();
        for (int id = 1; id <= 16; id++)
        {
            many.append(id > 1 ? "," : "").append("s").append(id).append('=').append(id).append(":4096");
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse(many.toString()))
            .getMessage().contains("65536 partitions in all; at most 65535"));
        assertEquals(15 * 4096 + 1, StreamCatalog.parse(many.toString().replace("s16=16:4096", "s16=16:1"))
            .partitionSlots());
    }

    @Test
    void aStreamAddedKeepsTheSlotsOfTheOthersAndTakesTheNext()
    {
        final StreamCatalog catalog = StreamCatalog.parse("records=1:3,orders=3");
        final StreamCatalog grown = catalog.with("audit.v1", 7, 2);
        assertEquals("records=1:3,orders=3", catalog.toSpec(), "the catalog itself is unchanged");
        assertEquals("records=1:3,orders=3,audit.v1=7:2", grown.toSpec());
        for (int slot = 0; slot < catalog.partitionSlots(); slot++)
        {
            assertEquals(catalog.streamIdOfSlot(slot), grown.streamIdOfSlot(slot));
            assertEquals(catalog.partitionOfSlot(slot), grown.partitionOfSlot(slot));
        }
        assertEquals(4, grown.slotOf(7, 0));
        assertEquals(5, grown.slotOf(7, 1));
        assertEquals(7, grown.maxId());
        assertTrue(grown.containsName("audit.v1"));

        assertTrue(assertThrows(IllegalArgumentException.class, () -> grown.with("audit.v1", 8, 1))
            .getMessage().contains("exists"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> grown.with("other", 3, 1))
            .getMessage().contains("exists"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> StreamCatalog.parse("a=1:4096").with("b", 2, 4096).with("c", 3, 4096).with("d", 4, 4096)
                .with("e", 5, 4096).with("f", 6, 4096).with("g", 7, 4096).with("h", 8, 4096).with("i", 9, 4096)
                .with("j", 10, 4096).with("k", 11, 4096).with("l", 12, 4096).with("m", 13, 4096)
                .with("n", 14, 4096).with("o", 15, 4096).with("p", 16, 4096).with("q", 17, 4096))
            .getMessage().contains("at most 65535"));
    }

    @Test
    void streamNamesFollowKafkasTopicNameRules()
    {
        assertEquals(null, StreamCatalog.faultOf("nexmark-bids_2.v1", 1, 1));
        assertEquals(null, StreamCatalog.faultOf("x".repeat(249), 1, 4096));
        for (final String bad : new String[]{ "", ".", "..", "has space", "slash/name", "x".repeat(250), "é" })
        {
            final String fault = StreamCatalog.faultOf(bad, 1, 1);
            assertTrue(null != fault && fault.contains("stream name"), bad + ": " + fault);
        }
        assertTrue(StreamCatalog.faultOf("ok", 0, 1).contains("positive"));
        assertTrue(StreamCatalog.faultOf("ok", 1, 0).contains("partitions"));
        assertTrue(StreamCatalog.faultOf("ok", 1, 4097).contains("partitions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamCatalog.parse("a b=1"))
            .getMessage().contains("stream name"), "a configured stream follows the same rules");
    }
}
