package io.streamflow.sequencer;

import io.streamflow.engine.ErrorLog;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fails a test whose nodes left an error in their error log that the test did not expect, as Aeron's system tests
 * check the media driver's error log: an error counted and logged but not failed on would otherwise pass unseen.
 * Every node directory given to {@link TestNodes#context(File)} is watched; a test that provokes errors on purpose
 * names them with {@link #expect(File, String...)}. Registered for every test of the module by JUnit's extension
 * auto-detection (the parent pom turns it on; the service file names this class).
 */
public final class ErrorLogCheck implements AfterEachCallback
{
    private static final Map<File, List<String>> WATCHED = new LinkedHashMap<>();

    /**
     * Check this node directory's error log when the test ends.
     *
     * @param dir node directory.
     */
    public static synchronized void watch(final File dir)
    {
        WATCHED.computeIfAbsent(dir.getAbsoluteFile(), (k) -> new ArrayList<>());
    }

    /**
     * Errors this test provokes on purpose in a node directory: a distinct error whose text (message and stack trace)
     * contains one of these passes.
     *
     * @param dir       node directory.
     * @param fragments of the expected errors' texts.
     */
    public static synchronized void expect(final File dir, final String... fragments)
    {
        WATCHED.computeIfAbsent(dir.getAbsoluteFile(), (k) -> new ArrayList<>()).addAll(List.of(fragments));
    }

    /**
     * {@inheritDoc}
     */
    public void afterEach(final ExtensionContext context)
    {
        final List<String> unexpected = new ArrayList<>();
        final Map<File, List<String>> watched;
        synchronized (ErrorLogCheck.class)
        {
            watched = new LinkedHashMap<>(WATCHED);
            WATCHED.clear();
        }
        for (final Map.Entry<File, List<String>> entry : watched.entrySet())
        {
            for (final String name : List.of(ErrorLog.FILE_NAME, ErrorLog.PREVIOUS_FILE_NAME))
            {
                final File log = new File(entry.getKey(), name);
                ErrorLog.read(log, (count, firstMs, lastMs, text) ->
                {
                    if (entry.getValue().stream().noneMatch(text::contains))
                    {
                        unexpected.add(log + " (seen " + count + " times): " + text);
                    }
                });
            }
        }
        if (!unexpected.isEmpty() && context.getExecutionException().isEmpty())
        {
            fail("the run left " + unexpected.size() + " unexpected errors in its error log:\n" +
                String.join("\n", unexpected));
        }
    }
}
