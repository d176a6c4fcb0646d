package io.streamflow.stream;

/**
 * A part of a pipeline with state to snapshot: written canonically (equal states, equal bytes), read back into the
 * same part of an identically declared pipeline.
 */
interface Snapshottable
{
    /**
     * @return what kind of part this is, checked on restore.
     */
    int stateType();

    void writeState(StateWriter writer);

    void readState(StateReader reader);
}
