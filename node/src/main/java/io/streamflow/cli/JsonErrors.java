package io.streamflow.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What is wrong with a line of JSON, for a person: the parser's own words and the column, without the parser's
 * internals (its source description and its own line count, always 1 for a line parsed alone).
 */
final class JsonErrors
{
    private JsonErrors()
    {
    }

    /**
     * @param ex the parser's complaint about one line.
     * @return what is wrong and where in the line.
     */
    static String describe(final JsonProcessingException ex)
    {
        final JsonLocation location = ex.getLocation();
        return ex.getOriginalMessage() + (null == location || location.getColumnNr() < 0 ? "" :
            " (column " + location.getColumnNr() + ")");
    }
}
