package io.streamflow.sequencer;

import org.agrona.IoUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes, after each test, every media driver directory {@link TestNodes#aeronDirFor(File)} handed out that is
 * still there: a driver that was SIGKILLed (a crash test's child, a killed cluster member) cannot delete its own, and
 * each one left in shared memory holds its term buffers. Registered for every test of the module by JUnit's
 * extension auto-detection, as {@link ErrorLogCheck} is.
 */
public final class AeronDirCleanup implements AfterEachCallback
{
    private static final List<File> HANDED_OUT = new ArrayList<>();

    static synchronized void track(final File aeronDir)
    {
        HANDED_OUT.add(aeronDir);
    }

    /**
     * {@inheritDoc}
     */
    public void afterEach(final ExtensionContext context)
    {
        final List<File> dirs;
        synchronized (AeronDirCleanup.class)
        {
            dirs = new ArrayList<>(HANDED_OUT);
            HANDED_OUT.clear();
        }
        for (final File dir : dirs)
        {
            if (dir.exists())
            {
                IoUtil.delete(dir, true);
            }
        }
    }
}
