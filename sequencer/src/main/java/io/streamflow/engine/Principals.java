package io.streamflow.engine;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may connect and what each may do, from a credentials file the node reads at start: each principal, the hash of
 * its secret, the client ids it may connect as, and the accounts it may send orders for. A client presents
 * {@code principal:secret} in its Connect; admission checks it there, and checks the account of every order command
 * against the principal its session authenticated as.
 * <pre>
 *   # principal  secret                 client ids   accounts
 *   alice        sha256:SALT:DIGEST     101,102      1,2,3
 *   ops          sha256:SALT:DIGEST     900          *
 * </pre>
 * The secret is stored as {@code sha256:salt:digest} (hex), the digest being SHA-256 of the salt's bytes then the
 * secret's UTF-8 bytes; {@code streamflow credentials} writes such a line. {@code *} stands for every account, and
 * makes the principal the node's operator: only such a principal may create streams. A client
 * id belongs to one principal only. Without a credentials file a node is open: any client may connect as any client id
 * and act for any account (the default, for the demo on loopback).
 * <p>
 * Immutable once loaded; the check of each order command's account allocates nothing, for admission's hot path.
 */
public final class Principals
{
    private static final String SCHEME = "sha256";
    private static final int SALT_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, Principal> byName;
    private final Long2ObjectHashMap<Principal> byClientId = new Long2ObjectHashMap<>();

    /**
     * One principal.
     */
    static final class Principal
    {
        final String name;
        final byte[] salt;
        final byte[] digest;
        final LongHashSet clientIds = new LongHashSet();
        final LongHashSet accounts = new LongHashSet();
        final boolean everyAccount;

        Principal(final String name, final byte[] salt, final byte[] digest, final boolean everyAccount)
        {
            this.name = name;
            this.salt = salt;
            this.digest = digest;
            this.everyAccount = everyAccount;
        }
    }

    private Principals(final Map<String, Principal> byName)
    {
        this.byName = byName;
        for (final Principal principal : byName.values())
        {
            for (final long clientId : principal.clientIds)
            {
                byClientId.put(clientId, principal);
            }
        }
    }

    /**
     * Read a credentials file.
     *
     * @param file the credentials file.
     * @return the principals it names.
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it.
     */
    public static Principals load(final File file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read credentials file " + file + ": " + ex.getMessage(), ex);
        }

        final Map<String, Principal> byName = new HashMap<>();
        final Set<Long> clientIds = new HashSet<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String where = file + " line " + (i + 1);
            final String[] fields = line.split("\\s+");
            if (fields.length != 4)
            {
                throw new IllegalArgumentException(where + ": expected 'principal secret client-ids accounts', found " +
                    fields.length + " fields");
            }
            final String[] secret = fields[1].split(":");
            if (secret.length != 3 || !SCHEME.equals(secret[0]))
            {
                throw new IllegalArgumentException(where + ": the secret must be sha256:SALT:DIGEST (see 'streamflow " +
                    "credentials')");
            }
            final Principal principal;
            try
            {
                principal = new Principal(fields[0], HEX.parseHex(secret[1]), HEX.parseHex(secret[2]),
                    "*".equals(fields[3]));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(where + ": the salt and digest must be hex", ex);
            }
            for (final String clientId : fields[2].split(","))
            {
                final long id = number(clientId, where, "client id");
                if (!clientIds.add(id))
                {
                    throw new IllegalArgumentException(where + ": client id " + id + " is given to two principals");
                }
                principal.clientIds.add(id);
            }
            if (!principal.everyAccount)
            {
                for (final String account : fields[3].split(","))
                {
                    principal.accounts.add(number(account, where, "account"));
                }
            }
            if (null != byName.put(principal.name, principal))
            {
                throw new IllegalArgumentException(where + ": principal " + principal.name + " is named twice");
            }
        }
        return new Principals(byName);
    }

    /**
     * A line of a credentials file.
     *
     * @param principal name.
     * @param secret    the principal will present.
     * @param clientIds it may connect as, comma separated.
     * @param accounts  it may send orders for, comma separated, or {@code *}.
     * @return the line, with a fresh salt.
     */
    public static String line(
        final String principal, final String secret, final String clientIds, final String accounts)
    {
        final byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        final byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        return principal + " " + SCHEME + ":" + HEX.formatHex(salt) + ":" +
            HEX.formatHex(digest(salt, secretBytes, 0, secretBytes.length)) + " " + clientIds + " " + accounts;
    }

    /**
     * Check credentials presented at Connect.
     *
     * @param credentials {@code principal:secret}, UTF-8.
     * @param offset      of the credentials.
     * @param length      of the credentials.
     * @return the principal, or null when they are not those of a known principal.
     */
    Principal authenticate(final byte[] credentials, final int offset, final int length)
    {
        int colon = -1;
        for (int i = offset; i < offset + length; i++)
        {
            if (':' == credentials[i])
            {
                colon = i;
                break;
            }
        }
        if (colon < 0)
        {
            return null;
        }
        final Principal principal = byName.get(new String(credentials, offset, colon - offset, StandardCharsets.UTF_8));
        if (null == principal)
        {
            return null;
        }
        final byte[] digest = digest(principal.salt, credentials, colon + 1, offset + length - colon - 1);
        return MessageDigest.isEqual(digest, principal.digest) ? principal : null;
    }

    /**
     * @param credentials {@code principal:secret}, UTF-8.
     * @param offset      of the credentials.
     * @param length      of the credentials.
     * @return true when they are those of a known principal: enough to read the log (a consumer acts for no client
     * id and no account).
     */
    public boolean authenticates(final byte[] credentials, final int offset, final int length)
    {
        return null != authenticate(credentials, offset, length);
    }

    /**
     * @param principal authenticated.
     * @param clientId  it connects as.
     * @return true when the principal may connect as that client id.
     */
    static boolean mayConnectAs(final Principal principal, final long clientId)
    {
        return principal.clientIds.contains(clientId);
    }

    /**
     * @param clientId of a connected session (authenticated as the principal that client id belongs to).
     * @param account  an order command is for.
     * @return true when that principal may send orders for the account.
     */
    boolean mayTradeFor(final long clientId, final long account)
    {
        final Principal principal = byClientId.get(clientId);
        return null != principal && (principal.everyAccount || principal.accounts.contains(account));
    }

    /**
     * @param clientId of a connected session (authenticated as the principal that client id belongs to).
     * @return true when that principal may administer the node (create streams): one given every account.
     */
    boolean mayAdminister(final long clientId)
    {
        final Principal principal = byClientId.get(clientId);
        return null != principal && principal.everyAccount;
    }

    /**
     * @return how many principals there are.
     */
    public int size()
    {
        return byName.size();
    }

    private static byte[] digest(final byte[] salt, final byte[] secret, final int offset, final int length)
    {
        try
        {
            final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update(secret, offset, length);
            return sha256.digest();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
    }

    private static long number(final String text, final String where, final String what)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(where + ": " + what + " '" + text + "' is not a number", ex);
        }
    }
}
