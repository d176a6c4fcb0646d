package io.streamflow.cli;

import io.streamflow.engine.Principals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * {@code streamflow credentials}: a line of a node's credentials file, with the principal's secret hashed.
 */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    description = {
        "Print a line for a node's credentials file (node --credentials FILE): a principal, the salted SHA-256 of",
        "its secret, the client ids it may connect as and the accounts it may send orders for. The secret comes",
        "from --secret-file or the STREAMFLOW_SECRET environment variable, never the command line."
    })
final class CredentialsCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--principal", required = true, description = "Name of the principal.")
    String principal;

    @Option(names = "--client-ids", required = true, split = ",", description = "Client ids it may connect as.")
    long[] clientIds;

    @Option(names = "--accounts", required = true, description = "Accounts it may send orders for, comma " +
        "separated, or * for every account.")
    String accounts;

    @Option(names = "--secret-file", description = "File holding the secret (its first line).")
    File secretFile;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final String secret = null != secretFile ? Files.readAllLines(secretFile.toPath()).get(0).strip() :
            System.getenv("STREAMFLOW_SECRET");
        if (null == secret || secret.isEmpty())
        {
            throw new IllegalArgumentException("no secret: give --secret-file, or set STREAMFLOW_SECRET");
        }
        if (principal.contains(":") || principal.isBlank() || principal.chars().anyMatch(Character::isWhitespace))
        {
            throw new IllegalArgumentException("a principal's name has no ':' and no spaces: " + principal);
        }
        if (!"*".equals(accounts))
        {
            for (final String account : accounts.split(","))
            {
                Long.parseLong(account.strip());
            }
        }
        final StringBuilder ids = new StringBuilder();
        for (final long clientId : clientIds)
        {
            ids.append(ids.length() > 0 ? "," : "").append(clientId);
        }
        out().println(Principals.line(principal, secret, ids.toString(), accounts.replace(" ", "")));
        out().flush();
        return 0;
    }
}
