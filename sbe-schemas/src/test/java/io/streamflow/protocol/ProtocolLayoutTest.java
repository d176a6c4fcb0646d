package io.streamflow.protocol;

import io.streamflow.sbe.CancelOrderDecoder;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.DisconnectDecoder;
import io.streamflow.sbe.MassCancelDecoder;
import io.streamflow.sbe.NewOrderDecoder;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.ReplaceOrderDecoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CommandView} reads the client id and client sequence of any command at fixed offsets: the schema must keep
 * them there.
 */
class ProtocolLayoutTest
{
    @Test
    void everyIngressCommandStartsWithTheClientId()
    {
        assertEquals(0, ConnectDecoder.clientIdEncodingOffset());
        assertEquals(0, DisconnectDecoder.clientIdEncodingOffset());
        assertEquals(0, RecordDecoder.clientIdEncodingOffset());
        assertEquals(0, NewOrderDecoder.clientIdEncodingOffset());
        assertEquals(0, CancelOrderDecoder.clientIdEncodingOffset());
        assertEquals(0, ReplaceOrderDecoder.clientIdEncodingOffset());
        assertEquals(0, MassCancelDecoder.clientIdEncodingOffset());
    }

    @Test
    void everySequencedCommandHasTheClientSequenceNext()
    {
        assertEquals(8, RecordDecoder.clientSequenceEncodingOffset());
        assertEquals(8, NewOrderDecoder.clientSequenceEncodingOffset());
        assertEquals(8, CancelOrderDecoder.clientSequenceEncodingOffset());
        assertEquals(8, ReplaceOrderDecoder.clientSequenceEncodingOffset());
        assertEquals(8, MassCancelDecoder.clientSequenceEncodingOffset());
    }
}
