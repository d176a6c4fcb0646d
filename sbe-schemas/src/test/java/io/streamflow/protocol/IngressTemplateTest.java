package io.streamflow.protocol;

import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.MassCancelDecoder;
import io.streamflow.sbe.RecordDecoder;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The template table agrees with the schema itself: every ingress message of the XML (ids below the egress range) is
 * in it with its name and number of variable-length fields, and nothing else is.
 */
class IngressTemplateTest
{
    /** Egress messages of the protocol start at this template id. */
    private static final int FIRST_EGRESS_TEMPLATE_ID = 20;

    @Test
    void theTableHoldsExactlyTheIngressMessagesOfTheSchema() throws Exception
    {
        final Map<Integer, Element> ingress = new HashMap<>();
        try (InputStream xml = getClass().getResourceAsStream("/sbe/streamflow-protocol.xml"))
        {
            assertNotNull(xml, "the schema is on the class path");
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            final Document schema = factory.newDocumentBuilder().parse(xml);
            final NodeList messages = schema.getElementsByTagNameNS("http://fixprotocol.io/2016/sbe", "message");
            for (int i = 0; i < messages.getLength(); i++)
            {
                final Element message = (Element)messages.item(i);
                final int id = Integer.parseInt(message.getAttribute("id"));
                if (id < FIRST_EGRESS_TEMPLATE_ID)
                {
                    ingress.put(id, message);
                }
            }
        }

        assertEquals(ingress.size(), IngressTemplate.values().length);
        for (final Map.Entry<Integer, Element> entry : ingress.entrySet())
        {
            final IngressTemplate template = IngressTemplate.of(entry.getKey());
            assertNotNull(template, "template " + entry.getKey() + " is in the table");
            assertEquals(entry.getValue().getAttribute("name"), template.messageName());
            assertEquals(entry.getValue().getElementsByTagName("data").getLength(), template.varFieldCount(),
                template + " variable-length fields");
        }
    }

    @Test
    void kindsRouteEachMessage()
    {
        assertSame(IngressTemplate.Kind.SESSION, IngressTemplate.of(ConnectDecoder.TEMPLATE_ID).kind());
        assertSame(IngressTemplate.Kind.RECORD, IngressTemplate.of(RecordDecoder.TEMPLATE_ID).kind());
        assertTrue(IngressTemplate.isOrder(MassCancelDecoder.TEMPLATE_ID));
        assertFalse(IngressTemplate.isOrder(RecordDecoder.TEMPLATE_ID));
        assertFalse(IngressTemplate.isSequenced(ConnectDecoder.TEMPLATE_ID));
        assertTrue(IngressTemplate.isSequenced(RecordDecoder.TEMPLATE_ID));
        assertEquals(ConnectDecoder.BLOCK_LENGTH, IngressTemplate.CONNECT.blockLength());
    }

    @Test
    void unknownTemplatesAreNoneOfThem()
    {
        assertNull(IngressTemplate.of(-1));
        assertNull(IngressTemplate.of(0));
        assertNull(IngressTemplate.of(FIRST_EGRESS_TEMPLATE_ID));
        assertNull(IngressTemplate.of(65535));
        assertEquals(IngressTemplate.UNKNOWN_NAME, IngressTemplate.nameOf(999));
        assertFalse(IngressTemplate.isSequenced(999));
    }
}
