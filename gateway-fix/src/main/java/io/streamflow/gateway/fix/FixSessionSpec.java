package io.streamflow.gateway.fix;

import org.agrona.collections.LongHashSet;

import java.util.Arrays;

/**
 * One FIX session the gateway accepts: the client's SenderCompID, the node client id it acts as (its principal must
 * be allowed that client id, and is authenticated by the node from the Logon's Username and Password), and the
 * accounts it may trade, the first being the one of a message without Account (1). The node checks the accounts
 * again against the principal: the gateway's list can only narrow what the principal may do.
 */
public final class FixSessionSpec
{
    private final String senderCompId;
    private final long clientId;
    private final long[] accounts;
    private final LongHashSet accountSet = new LongHashSet();

    /**
     * @param senderCompId the client's SenderCompID (49), which is the gateway's TargetCompID.
     * @param clientId     the node client id the session acts as.
     * @param accounts     accounts it may trade; the first is the default.
     */
    public FixSessionSpec(final String senderCompId, final long clientId, final long... accounts)
    {
        if (senderCompId.isEmpty() || accounts.length == 0)
        {
            throw new IllegalArgumentException("a session needs a SenderCompID and at least one account: " +
                senderCompId);
        }
        this.senderCompId = senderCompId;
        this.clientId = clientId;
        this.accounts = accounts.clone();
        for (final long account : accounts)
        {
            accountSet.add(account);
        }
    }

    /**
     * @return the client's SenderCompID.
     */
    public String senderCompId()
    {
        return senderCompId;
    }

    /**
     * @return the node client id.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * @return the accounts, the default first (not to be changed).
     */
    long[] accounts()
    {
        return accounts;
    }

    /**
     * @param account an account.
     * @return true when the session may trade it.
     */
    public boolean mayTrade(final long account)
    {
        return accountSet.contains(account);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return senderCompId + " (client id " + clientId + ", accounts " + Arrays.toString(accounts) + ")";
    }
}
