package io.streamflow.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamflow.client.load.LoadGenerator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's results folder from known distributions: the summary's numbers and ratios, one .hgrm per scenario,
 * a report page that needs no network, and (with a Chromium installed, as CI has) a screenshot showing the chart.
 */
class BenchReportTest
{
    @TempDir
    File dir;

    @Test
    void summaryHgrmAndAnOfflineReportFromKnownDistributions() throws Exception
    {
        final ScenarioResult floor = result(new Scenario("raw-aeron-ipc", "raw Aeron IPC ping-pong", null, null),
            2_000, 10_000);
        final ScenarioResult engine = withHiccups(result(new Scenario("streamflow-records-ipc",
            "StreamFlow records, IPC", "raw-aeron-ipc", null), 5_000, 30_000));
        final ScenarioResult failed = ScenarioResult.failed(
            new Scenario("streamflow-records-udp", "StreamFlow records, UDP", "raw-aeron-udp", null), 1000,
            "java.lang.IllegalStateException: port in use");
        final ObjectMapper mapper = new ObjectMapper();

        new BenchReport(dir).write("test method", mapper.createObjectNode().put("offered_rate_per_s", 1000),
            List.of(floor, engine, failed), null, noPeers(mapper),
            mapper.createArrayNode());

        final JsonNode summary = mapper.readTree(new File(dir, "summary.json"));
        assertTrue(summary.get("machine").get("cores").asInt() > 0);
        assertTrue(summary.get("machine").get("jvm_flags").isArray());
        final JsonNode records = summary.get("scenarios").get(1);
        assertEquals(5.0, records.get("latency_us").get("p50").asDouble(), 0.01);
        assertEquals(30.0, records.get("latency_us").get("p99").asDouble(), 0.05);
        assertEquals(2.5, records.get("ratio_to_floor").get("p50").asDouble(), 0.01);
        assertEquals(3.0, records.get("ratio_to_floor").get("p99").asDouble(), 0.01);
        final JsonNode hiccups = records.get("hiccups_us");
        assertEquals(1, hiccups.get("stalls_over_1ms").asLong(), hiccups.toString());
        assertEquals(4.0, hiccups.get("stalled_ms").asDouble(), 0.01);
        assertEquals(4000.0, hiccups.get("max").asDouble(), 40.0);
        assertTrue(hiccups.get("p50").asDouble() < 1.0, hiccups.toString());
        assertTrue(records.get("vs_floor").asText().startsWith("p99 = 3.0× raw Aeron IPC ping-pong p99"),
            records.get("vs_floor").asText());
        assertEquals("java.lang.IllegalStateException: port in use",
            summary.get("scenarios").get(2).get("failure").asText(), "a scenario that could not run says why");
        assertEquals(3, summary.get("peers").size(), "every peer is named, run or not");

        final String hgrm = Files.readString(new File(dir, "streamflow-records-ipc.hgrm").toPath());
        assertTrue(hgrm.contains("Value     Percentile TotalCount 1/(1-Percentile)"), hgrm);
        assertFalse(new File(dir, "streamflow-records-udp.hgrm").exists());

        final String html = Files.readString(new File(dir, "report.html").toPath());
        assertTrue(html.contains("new Chart("), "Chart.js inlined and used");
        assertFalse(html.matches("(?s).*<script[^>]+src=.*"), "no script loaded from anywhere");
        assertFalse(html.matches("(?s).*<link[^>]+href=.*"), "no stylesheet loaded from anywhere");
    }

    @Test
    void theReportRendersInHeadlessChromium() throws Exception
    {
        final String chromium = BenchReport.Chromium.find();
        if (null == chromium && "1".equals(System.getenv("STREAMFLOW_REQUIRE_CHROMIUM")))
        {
            throw new AssertionError("STREAMFLOW_REQUIRE_CHROMIUM=1 but no chromium on the PATH");
        }
        Assumptions.assumeTrue(null != chromium, "no chromium installed here");

        final ObjectMapper mapper = new ObjectMapper();
        final BenchReport report = new BenchReport(dir);
        report.write("test method", mapper.createObjectNode(), List.of(
            result(new Scenario("raw-aeron-ipc", "raw Aeron IPC ping-pong", null, null), 2_000, 10_000)),
            null, noPeers(mapper), mapper.createArrayNode());
        final File png = report.screenshot();
        assertNotNull(png, "chromium wrote the screenshot");

        final BufferedImage image = ImageIO.read(png);
        assertEquals(1160, image.getWidth());
        assertEquals(1400, image.getHeight());
        int curvePixels = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                final int rgb = image.getRGB(x, y) & 0xFFFFFF;
                final int r = rgb >> 16;
                final int g = (rgb >> 8) & 0xFF;
                final int b = rgb & 0xFF;
                if (Math.abs(r - 0x1f) < 40 && Math.abs(g - 0x77) < 40 && Math.abs(b - 0xb4) < 40)
                {
                    curvePixels++;
                }
            }
        }
        assertTrue(curvePixels > 200, "the first curve's colour is drawn on the chart (" + curvePixels + " px)");
    }

    private static ArrayNode noPeers(final ObjectMapper mapper)
    {
        return Peers.run(mapper, Scenarios.all(), 0, 0, 0, List.of()).status();
    }

    /**
     * The result with what a meter saw: 100 wake-ups on time, then one 4 ms late.
     */
    private static ScenarioResult withHiccups(final ScenarioResult result)
    {
        final long ms = TimeUnit.MILLISECONDS.toNanos(1);
        final HiccupMeter meter = new HiccupMeter(ms);
        meter.begin(0);
        for (int i = 0; i < 100; i++)
        {
            meter.onWakeUp(i * ms, (i + 1) * ms);
        }
        meter.onWakeUp(100 * ms, 105 * ms);
        meter.end(105 * ms);
        return new ScenarioResult(result.scenario(), result.offeredRate(), result.result(), null, meter.all());
    }

    private static ScenarioResult result(final Scenario scenario, final long p50Ns, final long p99Ns)
    {
        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        histogram.recordValueWithCount(p50Ns, 980);
        histogram.recordValueWithCount(p99Ns, 20);
        return new ScenarioResult(scenario, 1000,
            new LoadGenerator.Result(1000, 1000, 0, 0, 0, 0, 1_000_000_000L, histogram, 0, null), null, null);
    }
}
