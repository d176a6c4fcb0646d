package io.streamflow.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TornTailTest
{
    @TempDir
    File dir;

    @Test
    void cleanJournalHasNoTornTail()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 0, 100);
            assertNull(TornTail.detect(journal, 4096));
        }
    }

    @Test
    void entryCutShortByAProcessDeathIsDetectedClearedAndOverwritten() throws Exception
    {
        runChild(HaltMidWrite.class, dir.getPath(), "250");

        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            assertEquals(250, JournalVerifier.verify(journal).entries(), "the unfinished entry is never read");

            final TornTail tornTail = TornTail.detect(journal, 4096);
            assertNotNull(tornTail, "remnant of the unfinished entry");
            assertTrue(tornTail.length() > 4, tornTail.toString());
            tornTail.clear();
            assertNull(TornTail.detect(journal, 4096), "cleared");

            TestEntries.appendRecords(journal, 250, 5);
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(255, result.entries());
            assertEquals(254, result.lastSequence());
            assertNull(TornTail.detect(journal, 4096));
        }
    }

    private static String read(final File output)
    {
        try
        {
            return Files.readString(output.toPath());
        }
        catch (final java.io.IOException ex)
        {
            return "(no output: " + ex + ")";
        }
    }

    static void runChild(final Class<?> mainClass, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));

        final File output = File.createTempFile("streamflow-child-", ".log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        try
        {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "child did not finish: " + read(output));
            assertEquals(9, process.exitValue(), () -> "child should die mid-write: " + read(output));
        }
        finally
        {
            process.destroyForcibly();
            Files.deleteIfExists(output.toPath());
        }
    }
}
