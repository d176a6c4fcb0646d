package io.streamflow.stream;

/**
 * What a bounded state does when a new key finds it full.
 */
public enum OverflowPolicy
{
    /** Refuse the new key, and count it. */
    REJECT,
    /** Make room by forgetting the key that entered first (and count the eviction). */
    EVICT_OLDEST
}
