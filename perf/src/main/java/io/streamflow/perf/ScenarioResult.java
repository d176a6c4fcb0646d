package io.streamflow.perf;

import io.streamflow.client.load.LoadGenerator;

/**
 * What one scenario gave: its load's result, or why it could not run.
 *
 * @param scenario    that ran.
 * @param offeredRate per second.
 * @param result      of the load, null when it failed.
 * @param failure     why it could not run, null when it ran.
 * @param hiccups     what the {@link HiccupMeter} saw while it was measured, null when it did not run.
 */
public record ScenarioResult(
    Scenario scenario, long offeredRate, LoadGenerator.Result result, String failure, HiccupMeter.Window hiccups)
{
    /**
     * @param scenario    that could not run.
     * @param offeredRate per second.
     * @param failure     why.
     * @return its result.
     */
    public static ScenarioResult failed(final Scenario scenario, final long offeredRate, final String failure)
    {
        return new ScenarioResult(scenario, offeredRate, null, failure, null);
    }

    /**
     * @param percentile 0 to 100.
     * @return how late the hiccup meter woke at it, in µs.
     */
    public double hiccupUs(final double percentile)
    {
        return hiccups.lateNs().getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * @param percentile 0 to 100.
     * @return the latency at it, in µs.
     */
    public double latencyUs(final double percentile)
    {
        return result.latencyNs().getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * @return the largest latency, in µs.
     */
    public double maxUs()
    {
        return result.latencyNs().getMaxValue() / 1000.0;
    }

    /**
     * @return true when the scenario ran and every message was answered.
     */
    public boolean isComplete()
    {
        return null != result && 0 == result.unanswered() && 0 == result.sendFailures();
    }
}
