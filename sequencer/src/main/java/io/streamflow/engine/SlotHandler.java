package io.streamflow.engine;

/**
 * A stage's work on one ring slot.
 */
@FunctionalInterface
interface SlotHandler
{
    /**
     * @param slot         to handle.
     * @param ringSequence of the slot in the ring.
     * @return true when done with the slot; false to stop here and be given the same slot again on the next poll
     * (for example when egress is back-pressured).
     */
    boolean onSlot(RingSlot slot, long ringSequence);
}
