package io.streamflow.gateway.fix;

import io.streamflow.gateway.fix44.builder.LogoutEncoder;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import uk.co.real_logic.artio.decoder.AbstractLogonDecoder;
import uk.co.real_logic.artio.validation.AuthenticationProxy;
import uk.co.real_logic.artio.validation.AuthenticationStrategy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Artio's authentication of a Logon, asynchronous as Artio allows: on Artio's framer thread, the CompIDs are checked
 * against the configured sessions (a wrong one is refused at once, with a Logout saying why); a Logon that passes is
 * queued for the gateway's thread, which asks the node with the Logon's Username (553) and Password (554) and accepts
 * or refuses the Logon once the node answered ({@link FixSession}).
 */
final class FixLogons implements AuthenticationStrategy
{
    private static final long LINGER_MS = 1_000;

    /** A Logon that passed the CompID checks, waiting for the node. */
    static final class Pending
    {
        private final FixSessionSpec spec;
        private final byte[] credentials;
        private final AuthenticationProxy proxy;

        Pending(final FixSessionSpec spec, final byte[] credentials, final AuthenticationProxy proxy)
        {
            this.spec = spec;
            this.credentials = credentials;
            this.proxy = proxy;
        }

        FixSessionSpec spec()
        {
            return spec;
        }

        byte[] credentials()
        {
            return credentials;
        }

        void accept()
        {
            proxy.accept();
        }

        void reject(final String reason)
        {
            proxy.reject(logout(reason), LINGER_MS);
        }
    }

    private final String compId;
    private final Map<String, FixSessionSpec> sessions;
    private final FixCounters counters;
    private final ManyToOneConcurrentArrayQueue<Pending> pending = new ManyToOneConcurrentArrayQueue<>(256);

    FixLogons(final String compId, final Map<String, FixSessionSpec> sessions, final FixCounters counters)
    {
        this.compId = compId;
        this.sessions = sessions;
        this.counters = counters;
    }

    /**
     * @return the Logons waiting for the gateway's thread.
     */
    ManyToOneConcurrentArrayQueue<Pending> pending()
    {
        return pending;
    }

    /**
     * {@inheritDoc}
     */
    public void authenticateAsync(final AbstractLogonDecoder logon, final AuthenticationProxy proxy)
    {
        final String target = logon.header().targetCompIDAsString();
        final String sender = logon.header().senderCompIDAsString();
        final FixSessionSpec spec = sessions.get(sender);
        String refusal = null;
        if (!compId.equals(target))
        {
            refusal = "TargetCompID must be " + compId;
        }
        else if (null == spec)
        {
            refusal = "no session is configured for SenderCompID " + sender;
        }
        if (null != refusal)
        {
            counters.logonsRefused.increment();
            proxy.reject(logout(refusal), LINGER_MS);
            return;
        }
        final String username = logon.hasUsername() ? logon.usernameAsString() : "";
        final String password = logon.hasPassword() ? logon.passwordAsString() : "";
        final byte[] credentials = username.isEmpty() && password.isEmpty() ? new byte[0] :
            (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        if (!pending.offer(new Pending(spec, credentials, proxy)))
        {
            counters.logonsRefused.increment();
            proxy.reject(logout("the gateway is busy: log on again"), LINGER_MS);
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean authenticate(final AbstractLogonDecoder logon)
    {
        throw new UnsupportedOperationException("authenticated asynchronously");
    }

    private static LogoutEncoder logout(final String reason)
    {
        final LogoutEncoder logout = new LogoutEncoder();
        logout.text(reason);
        return logout;
    }
}
