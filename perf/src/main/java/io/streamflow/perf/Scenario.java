package io.streamflow.perf;

import io.streamflow.client.load.LoadGenerator;

/**
 * One scenario of the bench: a name, what it measures, the scenario that is its floor (the bare transport or
 * journal it is compared with), and how to run it under a given load.
 *
 * @param name   short id, also the name of its {@code .hgrm} file.
 * @param title  for people.
 * @param floor  name of the scenario this one is a ratio to, or null for a floor.
 * @param runner runs it.
 */
public record Scenario(String name, String title, String floor, Runner runner)
{
    /**
     * Runs a scenario: starts what it needs, drives it with the load generator, stops it.
     */
    @FunctionalInterface
    public interface Runner
    {
        /**
         * @param settings of the load (rate, count, warm-up).
         * @return what the load measured.
         * @throws Exception when the scenario cannot run.
         */
        LoadGenerator.Result run(LoadGenerator.Settings settings) throws Exception;
    }
}
