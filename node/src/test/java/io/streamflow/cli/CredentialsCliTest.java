package io.streamflow.cli;

import io.streamflow.engine.Principals;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A credentials file made with {@code streamflow credentials}, a node that requires it, and the tools presenting a
 * principal's credentials: with them a record goes in, without them the Connect is refused with the reason.
 */
class CredentialsCliTest
{
    @TempDir
    File dir;

    @Test
    void toolsAuthenticateWithTheCredentialsTheFileNames() throws Exception
    {
        final File secret = new File(dir, "secret");
        Files.writeString(secret.toPath(), "s3cret\n");
        final Cli line = Cli.run("credentials", "--principal", "feed", "--client-ids", "41,42", "--accounts", "*",
            "--secret-file", secret.getPath());
        assertEquals(0, line.exitCode, line.toString());
        assertTrue(line.out.startsWith("feed sha256:") && line.out.strip().endsWith(" 41,42 *"), line.out);
        assertFalse(line.out.contains("s3cret"), "the secret itself is never written");
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), line.out);

        final File records = new File(dir, "records.jsonl");
        Files.writeString(records.toPath(), "{\"n\":1}\n");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))
            .principals(Principals.load(credentials))))
        {
            final String aeronDir = node.context().aeronDirectoryName();
            final Cli refused = Cli.run("produce", "--stream", "records", "--input", records.getPath(), "--ipc",
                "--aeron-dir", aeronDir, "--client-id", "41");
            assertEquals(2, refused.exitCode, refused.toString());
            assertTrue(refused.err.contains("AUTHENTICATION_FAILED"), refused.err);

            final Cli produced = Cli.run("produce", "--stream", "records", "--input", records.getPath(), "--ipc",
                "--aeron-dir", aeronDir, "--client-id", "41", "--principal", "feed", "--secret-file",
                secret.getPath());
            assertEquals(0, produced.exitCode, produced.toString());
            assertTrue(produced.out.contains("acked 1"), produced.out);
        }
    }

    @Test
    void aBadCredentialsFileIsRefusedNamingTheLine() throws Exception
    {
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), "# principals\nalice sha256:00:11 1 1\nbob plain-secret 2 2\n");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Principals.load(credentials));
        assertTrue(refused.getMessage().contains(credentials + " line 3: the secret must be sha256:SALT:DIGEST"),
            refused.getMessage());

        Files.writeString(credentials.toPath(), "alice sha256:00:11 1 1\nbob sha256:00:11 1 2\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Principals.load(credentials)).getMessage()
            .contains("line 2: client id 1 is given to two principals"));
    }
}
