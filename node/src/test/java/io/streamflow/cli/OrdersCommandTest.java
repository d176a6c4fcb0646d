package io.streamflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streamflow orders --embedded}: the file's commands in order, the drop copy back as JSON lines.
 */
class OrdersCommandTest
{
    @TempDir
    File dir;

    @Test
    void csvOrdersTradeAndTheDropCopyShowsEveryReportAndTrade() throws IOException
    {
        final File input = write("orders.csv",
            "action,account,client_order_id,orig_client_order_id,instrument,side,type,time_in_force,post_only,price," +
                "quantity",
            "new,1,1,,1,sell,limit,gtc,false,101,10",
            "new,1,2,,1,sell,limit,gtc,false,102,5",
            "new,2,1,,1,buy,limit,ioc,false,102,12",
            "replace,1,2,2,1,,,,,103,6",
            "cancel,1,3,2,1",
            "mass-cancel,2,,,0");

        final Cli cli = Cli.run("orders", "--input", input.getPath(), "--embedded");
        assertEquals(0, cli.exitCode, cli.toString());
        final List<JsonNode> lines = jsonLines(cli.out);

        final List<String> reports = lines.stream().filter((j) -> "execution_report".equals(j.get("type").asText()))
            .map((j) -> j.get("account").asLong() + ":" + j.get("client_order_id").asLong() + " " +
                j.get("exec_type").asText() + " " + j.get("last_quantity").asLong() + "@" +
                j.get("last_price").asLong() + " leaves " + j.get("leaves_quantity").asLong())
            .toList();
        assertEquals(List.of(
            "1:1 new 0@0 leaves 10",
            "1:2 new 0@0 leaves 5",
            "2:1 new 0@0 leaves 12",
            "1:1 fill 10@101 leaves 0",
            "2:1 partial_fill 10@101 leaves 2",
            "1:2 partial_fill 2@102 leaves 3",
            "2:1 fill 2@102 leaves 0",
            "1:2 replaced 0@0 leaves 4",
            "1:2 canceled 0@0 leaves 4"), reports,
            "a replace sets the total order quantity (FIX OrderQty): 6, of which 2 filled: " + cli.out);

        final List<String> trades = lines.stream().filter((j) -> "trade".equals(j.get("type").asText()))
            .map((j) -> j.get("quantity").asLong() + "@" + j.get("price").asLong() + " " +
                j.get("aggressor_side").asText())
            .toList();
        assertEquals(List.of("10@101 buy", "2@102 buy"), trades, cli.out);
        assertEquals(1, lines.stream().filter((j) -> "ack".equals(j.get("type").asText())).count(),
            "the mass cancel, with nothing open, is answered by an ack");
    }

    @Test
    void badLinesAreNamedAndNotSentWhileTheRestIs() throws IOException
    {
        final File input = write("orders.jsonl",
            "{\"action\":\"new\",\"account\":1,\"client_order_id\":1,\"instrument\":1,\"side\":\"buy\"," +
                "\"price\":100,\"quantity\":5}",
            "{\"action\":\"new\",\"account\":1,\"client_order_id\":2,\"instrument\":1,\"side\":\"sideways\"," +
                "\"price\":100,\"quantity\":5}",
            "not json",
            "{\"action\":\"launch\",\"account\":1}",
            "{\"action\":\"new\",\"account\":1,\"client_order_id\":3,\"instrument\":99,\"side\":\"buy\"," +
                "\"price\":100,\"quantity\":5}");

        final Cli cli = Cli.run("orders", "--input", input.getPath(), "--embedded");
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("line 2: 'side' is sideways"), cli.err);
        assertTrue(cli.err.contains("line 3: not JSON"), cli.err);
        assertTrue(cli.err.contains("line 4: action 'launch' is none of"), cli.err);

        final List<JsonNode> lines = jsonLines(cli.out);
        assertEquals(2, lines.size(), cli.out);
        assertEquals("new", lines.get(0).get("exec_type").asText());
        assertEquals("rejected", lines.get(1).get("exec_type").asText());
        assertEquals("unknown_instrument", lines.get(1).get("reason").asText(), "the matcher's reason, named");
    }

    private File write(final String name, final String... lines) throws IOException
    {
        final File file = new File(dir, name);
        Files.writeString(file.toPath(), String.join("\n", lines) + "\n");
        return file;
    }

    private static List<JsonNode> jsonLines(final String text) throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper();
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(mapper.readTree(line));
            }
        }
        return lines;
    }
}
