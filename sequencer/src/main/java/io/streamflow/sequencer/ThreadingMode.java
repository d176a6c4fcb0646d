package io.streamflow.sequencer;

/**
 * How the node's stages map onto threads.
 */
public enum ThreadingMode
{
    /**
     * Every stage (ingress poll, journal, operators, egress) and the embedded media driver, in Aeron's
     * {@code INVOKER} mode, run as one composite agent on one thread. The ring is still the hand-off between stages.
     * The default: it never runs more spinning threads than a small machine has cores.
     */
    SHARED,

    /**
     * Each stage on its own thread, each pinnable to a CPU, and the media driver on its own thread: for machines
     * with a core to spare per stage.
     */
    DEDICATED,

    /**
     * No thread at all: the node's one composite agent (media driver included) is run by whoever calls
     * {@link StreamFlowNode#invoker()}, in lock step. For benchmarks and deterministic tests, as Aeron's own
     * {@code INVOKER} mode is.
     */
    INVOKER
}
