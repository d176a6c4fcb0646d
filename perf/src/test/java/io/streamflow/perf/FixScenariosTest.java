package io.streamflow.perf;

import io.streamflow.client.load.LoadGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bench's FIX scenarios run end to end at a small load: every order is answered by its ExecutionReport, through
 * QuickFIX/J's echo, Artio's echo and StreamFlow's FIX gateway alike.
 */
class FixScenariosTest
{
    @TempDir
    File dir;

    @Test
    void everyOrderOfEachFixScenarioIsAnswered() throws Exception
    {
        final LoadGenerator.Settings settings = new LoadGenerator.Settings(300, 1_000, 100, 16, 1, 16, 1_000,
            TimeUnit.SECONDS.toNanos(10));
        for (final String name : List.of(Scenarios.FIX_QUICKFIXJ_ECHO, Scenarios.FIX_ARTIO_ECHO,
            Scenarios.FIX_GATEWAY))
        {
            final Scenario scenario = Scenarios.all(dir).stream().filter((s) -> s.name().equals(name)).findFirst()
                .orElseThrow();
            final LoadGenerator.Result result = scenario.runner().run(settings);
            assertEquals(300, result.sent(), name);
            assertEquals(300, result.acked(), name + ": every order answered by its execution report");
            assertEquals(0, result.rejected(), name);
        }
    }
}
