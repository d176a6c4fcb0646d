package io.streamflow.operators;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module holds four roles, one package each, and they depend on each other only downwards:
 * <pre>
 *   pipelines (the shipped pipelines, their formats, the standard operator)
 *     -&gt; matcher (the order book), stream (the stream library)
 *       -&gt; operators (the operator contract)
 *         -&gt; protocol, sbe (the wire)
 * </pre>
 * Read from the sources themselves, so that an import against the grain fails the build.
 */
class PackageDependenciesTest
{
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.streamflow\\.([a-z]+)\\.",
        Pattern.MULTILINE);

    /** Which of the module's own packages each may import; the wire packages (protocol, sbe) any may. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
        "operators", Set.of(),
        "matcher", Set.of("operators"),
        "stream", Set.of("operators"),
        "pipelines", Set.of("operators", "matcher", "stream"));

    @Test
    void packagesDependOnlyDownwards() throws IOException
    {
        final Path sources = Paths.get("src/main/java/io/streamflow");
        assertTrue(Files.isDirectory(sources), "run from the module directory: " + sources.toAbsolutePath());

        final Map<String, Set<String>> found = new TreeMap<>();
        final List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources))
        {
            for (final Path file : files.filter((f) -> f.toString().endsWith(".java")).toList())
            {
                final String owner = sources.relativize(file).getName(0).toString();
                final Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find())
                {
                    final String imported = imports.group(1);
                    if (imported.equals(owner) || "protocol".equals(imported) || "sbe".equals(imported))
                    {
                        continue;
                    }
                    found.computeIfAbsent(owner, (k) -> new TreeSet<>()).add(imported);
                    if (!ALLOWED.getOrDefault(owner, Set.of()).contains(imported))
                    {
                        wrong.add(sources.relativize(file) + " imports io.streamflow." + imported);
                    }
                }
            }
        }

        assertEquals(List.of(), wrong, "imports against the grain; package dependencies found: " + found);
        assertEquals(ALLOWED.keySet(), new TreeSet<>(List.of(sources.toFile().list())),
            "every package of the module has its place in the rules");
    }
}
