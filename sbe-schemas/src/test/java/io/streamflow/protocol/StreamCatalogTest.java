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
}
