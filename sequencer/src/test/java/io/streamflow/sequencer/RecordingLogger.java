package io.streamflow.sequencer;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps what a node logs, for tests to read.
 */
public final class RecordingLogger implements System.Logger
{
    public final List<String> lines = new CopyOnWriteArrayList<>();

    public String getName()
    {
        return "test";
    }

    public boolean isLoggable(final Level level)
    {
        return true;
    }

    public void log(final Level level, final ResourceBundle bundle, final String msg, final Throwable thrown)
    {
        lines.add(level + " " + msg + (null == thrown ? "" : " " + thrown));
    }

    public void log(final Level level, final ResourceBundle bundle, final String format, final Object... params)
    {
        lines.add(level + " " + (null == params || 0 == params.length ? format : MessageFormat.format(format, params)));
    }

    public boolean contains(final Level level, final String text)
    {
        return lines.stream().anyMatch((line) -> line.startsWith(level.name()) && line.contains(text));
    }
}
