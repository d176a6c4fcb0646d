package io.streamflow.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Writes a bench run's results folder: one {@code .hgrm} per scenario (HdrHistogram's percentile distribution, in
 * µs), {@code summary.json} (every scenario's throughput and percentiles, its ratio to its floor, the rate sweep, the
 * peers, and the machine), {@code report.html} (every scenario's percentile curve on one log-scale chart, Chart.js
 * inlined so the page works offline) and, when a Chromium is installed, {@code report.png}: a screenshot of it.
 */
final class BenchReport
{
    static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };
    static final String[] PERCENTILE_KEYS = { "p50", "p90", "p99", "p99_9", "p99_99" };
    private static final String CHART_JS_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final File dir;

    BenchReport(final File dir)
    {
        this.dir = dir;
    }

    /**
     * @param method     how the load was offered, for people.
     * @param settings   of the run, for the record.
     * @param results    of the scenarios, floors first.
     * @param sweep      the rate sweep, or null.
     * @param peers      each peer's outcome.
     * @param throughput comparisons of throughput with peers (StreamFlow's figure, the peer's, their ratio).
     * @return the summary written.
     * @throws IOException when a file cannot be written.
     */
    ObjectNode write(
        final String method,
        final ObjectNode settings,
        final List<ScenarioResult> results,
        final ObjectNode sweep,
        final ArrayNode peers,
        final ArrayNode throughput) throws IOException
    {
        Files.createDirectories(dir.toPath());
        final ObjectNode summary = mapper.createObjectNode();
        summary.set("machine", machine());
        summary.putObject("method").put("description", method).setAll(settings);
        final ArrayNode scenarios = summary.putArray("scenarios");
        final ArrayNode curves = mapper.createArrayNode();
        for (final ScenarioResult r : results)
        {
            final ObjectNode s = scenarios.addObject()
                .put("name", r.scenario().name())
                .put("title", r.scenario().title())
                .put("floor", r.scenario().floor())
                .put("offered_rate_per_s", r.offeredRate());
            if (null == r.result())
            {
                s.put("failure", r.failure());
                continue;
            }
            final Histogram h = r.result().latencyNs();
            s.put("measured", h.getTotalCount())
                .put("unanswered", r.result().unanswered())
                .put("throughput_per_s", Math.round(r.result().throughputPerSecond()))
                .put("hgrm", r.scenario().name() + ".hgrm");
            final ObjectNode latency = s.putObject("latency_us");
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                latency.put(PERCENTILE_KEYS[i], round2(r.latencyUs(PERCENTILES[i])));
            }
            latency.put("max", round2(r.maxUs()));
            if (null != r.hiccups())
            {
                s.set("hiccups_us", hiccups(r.hiccups()));
            }
            final ScenarioResult floor = floorOf(r, results);
            if (null != floor && null != floor.result())
            {
                final double p50 = r.latencyUs(50) / Math.max(0.001, floor.latencyUs(50));
                final double p99 = r.latencyUs(99) / Math.max(0.001, floor.latencyUs(99));
                s.putObject("ratio_to_floor").put("p50", round2(p50)).put("p99", round2(p99))
                    .put("throughput", round2(r.result().throughputPerSecond() /
                        Math.max(1, floor.result().throughputPerSecond())));
                s.put("vs_floor", String.format(Locale.ROOT, "p99 = %.1f× %s p99 (p50 %.1f×)", p99,
                    floor.scenario().title(), p50));
            }
            writeHgrm(r);
            curves.add(curve(r));
        }
        if (null != sweep)
        {
            summary.set("rate_sweep", sweep);
        }
        summary.set("peers", peers);
        summary.set("throughput_comparisons", throughput);

        mapper.writeValue(new File(dir, "summary.json"), summary);
        writeHtml(summary, curves);
        return summary;
    }

    /**
     * Screenshot the report with a headless Chromium, if one is installed.
     *
     * @return the PNG, or null when no Chromium was found or it failed (the reason printed).
     */
    File screenshot()
    {
        final String chromium = Chromium.find();
        if (null == chromium)
        {
            System.out.println("no report.png: no chromium found on the PATH (install one to get the chart as PNG)");
            return null;
        }
        final File png = new File(dir, "report.png");
        return Chromium.screenshot(chromium, new File(dir, "report.html"), png, 1160, 1400) ? png : null;
    }

    /**
     * What the hiccup meter saw: how late its wake-ups were, by percentile, and the stalls of a millisecond or more.
     */
    private ObjectNode hiccups(final HiccupMeter.Window window)
    {
        final Histogram hiccupsNs = window.lateNs();
        final ObjectNode hiccups = mapper.createObjectNode();
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            hiccups.put(PERCENTILE_KEYS[i], round2(hiccupsNs.getValueAtPercentile(PERCENTILES[i]) / 1000.0));
        }
        return hiccups.put("max", round2(hiccupsNs.getMaxValue() / 1000.0))
            .put("stalls_over_1ms", window.stalls())
            .put("stalled_ms", round2(window.stalledNs() / 1e6))
            .put("window_s", round2(window.durationNs() / 1e9));
    }

    private static ScenarioResult floorOf(final ScenarioResult result, final List<ScenarioResult> results)
    {
        for (final ScenarioResult r : results)
        {
            if (r.scenario().name().equals(result.scenario().floor()))
            {
                return r;
            }
        }
        return null;
    }

    private void writeHgrm(final ScenarioResult result) throws IOException
    {
        try (PrintStream out = new PrintStream(new File(dir, result.scenario().name() + ".hgrm"),
            StandardCharsets.US_ASCII))
        {
            result.result().latencyNs().outputPercentileDistribution(out, 5, 1000.0);
        }
    }

    private ObjectNode curve(final ScenarioResult result)
    {
        final ObjectNode curve = mapper.createObjectNode()
            .put("title", result.scenario().title())
            .put("floor", null == result.scenario().floor());
        final ArrayNode points = curve.putArray("points");
        for (final HistogramIterationValue v : result.result().latencyNs().percentiles(5))
        {
            final double percentile = v.getPercentileLevelIteratedTo();
            final double x = percentile >= 100 ? 1_000_000 : Math.min(1_000_000, 100 / (100 - percentile));
            points.addArray().add(round2(x)).add(round2(Math.max(0.01, v.getValueIteratedTo() / 1000.0)));
        }
        return curve;
    }

    private void writeHtml(final ObjectNode summary, final ArrayNode curves) throws IOException
    {
        final String template = resource("bench/report.html");
        final String html = template
            .replace("/*CHART_JS*/", chartJs().replace("</script", "<\\/script"))
            .replace("/*REPORT_JSON*/", safeJson(mapper.writeValueAsString(summary)))
            .replace("/*CURVES_JSON*/", safeJson(mapper.writeValueAsString(curves)));
        Files.writeString(new File(dir, "report.html").toPath(), html);
    }

    private static String safeJson(final String json)
    {
        return json.replace("</", "<\\/");
    }

    private static String chartJs() throws IOException
    {
        final Properties properties = new Properties();
        try (InputStream in = resourceStream(CHART_JS_PROPERTIES))
        {
            properties.load(in);
        }
        return resource("META-INF/resources/webjars/chart.js/" + properties.getProperty("version") +
            "/dist/chart.umd.js");
    }

    private static String resource(final String name) throws IOException
    {
        try (InputStream in = resourceStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream resourceStream(final String name)
    {
        final InputStream in = BenchReport.class.getClassLoader().getResourceAsStream(name);
        if (null == in)
        {
            throw new UncheckedIOException(new IOException("missing from the class path: " + name));
        }
        return in;
    }

    private ObjectNode machine()
    {
        final ObjectNode machine = mapper.createObjectNode()
            .put("cores", Runtime.getRuntime().availableProcessors())
            .put("cpu", cpuModel())
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
                System.getProperty("os.arch"))
            .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
            .put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        final ArrayNode flags = machine.putArray("jvm_flags");
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(flags::add);
        return machine;
    }

    private static String cpuModel()
    {
        try
        {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter((l) -> l.startsWith("model name"))
                .map((l) -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown");
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }

    static double round2(final double value)
    {
        return Math.round(value * 100.0) / 100.0;
    }

    /**
     * A headless Chromium, for the report's screenshot.
     */
    static final class Chromium
    {
        private static final String[] NAMES = { "chromium", "chromium-browser", "google-chrome", "chrome" };

        private Chromium()
        {
        }

        /**
         * @return the command of an installed Chromium, or null.
         */
        static String find()
        {
            final String path = System.getenv("PATH");
            if (null == path)
            {
                return null;
            }
            for (final String name : NAMES)
            {
                for (final String part : path.split(File.pathSeparator))
                {
                    final File candidate = new File(part, name);
                    if (candidate.canExecute())
                    {
                        return candidate.getPath();
                    }
                }
            }
            return null;
        }

        /**
         * @return true when the screenshot was written.
         */
        static boolean screenshot(
            final String chromium, final File html, final File png, final int width, final int height)
        {
            try
            {
                Files.deleteIfExists(png.toPath());
                final File profile = Files.createTempDirectory("streamflow-chromium").toFile();
                final Process process = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox",
                    "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile.getPath(),
                    "--window-size=" + width + "," + height, "--virtual-time-budget=5000",
                    "--screenshot=" + png.getAbsolutePath(), html.toURI().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
                final boolean exited = process.waitFor(60, TimeUnit.SECONDS);
                if (!exited)
                {
                    process.destroyForcibly();
                }
                org.agrona.IoUtil.delete(profile, true);
                return exited && png.length() > 0;
            }
            catch (final IOException ex)
            {
                System.out.println("no report.png: chromium failed: " + ex.getMessage());
                return false;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
