package io.streamflow.stream;

/**
 * An operator that counts what it could not take.
 */
interface Counted
{
    /**
     * @return records too late for their windows, sent to the late output.
     */
    long lateRecords();

    /**
     * @return records refused because the operator was full, sent to the late output.
     */
    long capacityRejects();
}
