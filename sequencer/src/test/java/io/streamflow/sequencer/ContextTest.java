package io.streamflow.sequencer;

import io.streamflow.engine.EngineConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextTest
{
    @TempDir
    File dir;

    @Test
    void defaultsConclude()
    {
        final StreamFlowNode.Context ctx = new StreamFlowNode.Context().dir(dir).conclude();
        assertEquals(EngineConfiguration.RING_SIZE_DEFAULT, ctx.ringSize());
        assertEquals("localhost:40123", ctx.ingressUdpEndpoint());
        assertNotNull(ctx.operator(), "the acknowledging router by default");
        assertTrue(ctx.streamCatalog().contains(1));
    }

    @Test
    void systemPropertiesOverrideDefaults()
    {
        System.setProperty(EngineConfiguration.RING_SIZE_PROP_NAME, "2048");
        try
        {
            assertEquals(2048, new StreamFlowNode.Context().ringSize());
        }
        finally
        {
            System.clearProperty(EngineConfiguration.RING_SIZE_PROP_NAME);
        }
    }

    @Test
    void eachBadSettingIsNamed()
    {
        assertRejected((c) -> c.ringSize(1000), "ring size");
        assertRejected((c) -> c.maxMessageLength(10), "max message length");
        assertRejected((c) -> c.dedupWindow(3), "dedup window");
        assertRejected((c) -> c.maxClients(0), "max clients");
        assertRejected((c) -> c.ingressIpc(false).ingressUdpEndpoint(""), "no ingress");
        assertRejected((c) -> c.journalRollCycle("HOURLYISH"), "roll cycle");
        assertRejected((c) -> c.idleStrategy("no.such.Strategy"), "idle strategy");
        assertRejected((c) -> c.streams("x"), "name=id");
    }

    private void assertRejected(final UnaryOperator<StreamFlowNode.Context> change, final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> change.apply(new StreamFlowNode.Context().dir(dir)).conclude());
        assertTrue(ex.getMessage().contains(text), ex.getMessage());
    }
}
