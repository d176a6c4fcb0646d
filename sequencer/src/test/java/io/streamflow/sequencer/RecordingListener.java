package io.streamflow.sequencer;

import io.streamflow.client.EgressListener;
import io.streamflow.sbe.RejectReason;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Records everything a client is told, in arrival order, and fails on an ack given twice.
 */
class RecordingListener implements EgressListener
{
    final LongArrayList ackedClientSequences = new LongArrayList();
    final LongArrayList ackedEngineSequences = new LongArrayList();
    final Long2LongHashMap engineSequenceByClientSequence = new Long2LongHashMap(-1);
    final LongArrayList duplicateClientSequences = new LongArrayList();
    final Long2LongHashMap duplicateEngineSequenceByClientSequence = new Long2LongHashMap(Long.MIN_VALUE);
    final List<Reject> rejects = new ArrayList<>();

    record Reject(long clientSequence, RejectReason reason, int templateId, String detail)
    {
    }

    public void onAck(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
        if (duplicate)
        {
            duplicateClientSequences.add(clientSequence);
            duplicateEngineSequenceByClientSequence.put(clientSequence, engineSequence);
            return;
        }
        if (engineSequenceByClientSequence.containsKey(clientSequence))
        {
            fail("client sequence " + clientSequence + " acknowledged twice");
        }
        engineSequenceByClientSequence.put(clientSequence, engineSequence);
        ackedClientSequences.add(clientSequence);
        ackedEngineSequences.add(engineSequence);
    }

    public void onReject(
        final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
    {
        rejects.add(new Reject(clientSequence, reason, rejectedTemplateId, detail));
    }

    int answers()
    {
        return ackedClientSequences.size() + duplicateClientSequences.size() + rejects.size();
    }

    /**
     * Acks arrived in client sequence order, with increasing engine sequences.
     */
    void assertInOrder()
    {
        for (int i = 1; i < ackedClientSequences.size(); i++)
        {
            if (ackedClientSequences.getLong(i) <= ackedClientSequences.getLong(i - 1) ||
                ackedEngineSequences.getLong(i) <= ackedEngineSequences.getLong(i - 1))
            {
                fail("ack " + i + " out of order: client sequence " + ackedClientSequences.getLong(i) +
                    " engine sequence " + ackedEngineSequences.getLong(i) + " after " +
                    ackedClientSequences.getLong(i - 1) + "/" + ackedEngineSequences.getLong(i - 1));
            }
        }
    }

    void assertNoRejects()
    {
        assertEquals(List.of(), rejects);
    }
}
