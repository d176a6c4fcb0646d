package io.streamflow.gateway.fix;

import io.aeron.CommonContext;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.streamflow.gateway.fix44.FixDictionaryImpl;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import uk.co.real_logic.artio.engine.EngineConfiguration;
import uk.co.real_logic.artio.engine.FixEngine;
import uk.co.real_logic.artio.library.FixLibrary;
import uk.co.real_logic.artio.library.LibraryConfiguration;
import uk.co.real_logic.artio.library.SessionAcquireHandler;
import uk.co.real_logic.artio.messages.InitialAcceptedSessionOwner;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.validation.AuthenticationStrategy;
import uk.co.real_logic.artio.validation.SessionPersistenceStrategy;

import java.io.File;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

/**
 * A FIX 4.4 acceptor on Artio, set up as Artio's authors do: a media driver and an Aeron Archive of its own (in the
 * state directory, IPC control only, so the archive opens no port), Artio's engine (framer and archiver threads)
 * owning the TCP connections and the session layer with persistent sequence numbers, and one library that is given
 * every logged-on session; the caller polls it. The FIX gateway runs on it, and so does the bench's Artio floor.
 */
public final class ArtioAcceptor implements AutoCloseable
{
    private final FixGateway.Context ctx;
    private final ArchivingMediaDriver driver;
    private FixEngine engine;
    private FixLibrary library;

    /**
     * Launch the media driver and archive (Artio's engine needs them running; a node can be reached through them).
     *
     * @param ctx the acceptor's address, port, state directory, idle strategy and error handler are used.
     */
    public ArtioAcceptor(final FixGateway.Context ctx)
    {
        this.ctx = ctx;
        if (null == ctx.artioAeronDirectory())
        {
            ctx.artioAeronDirectory(new File(ctx.stateDirectory(), "aeron").getAbsolutePath());
        }
        driver = launchDriver(ctx);
    }

    /**
     * Launch Artio's engine and connect the library, waiting (up to the connect timeout) until it is connected and
     * the acceptor takes connections.
     *
     * @param authentication of each Logon, on Artio's framer thread.
     * @param onSession      given each logged-on session, on the polling thread.
     * @param libraryName    for Artio's monitoring.
     * @throws IllegalStateException when the library does not connect in time.
     */
    public void start(
        final AuthenticationStrategy authentication, final SessionAcquireHandler onSession, final String libraryName)
    {
        engine = FixEngine.launch(engineConfiguration(authentication));
        final LibraryConfiguration configuration = new LibraryConfiguration()
            .sessionAcquireHandler(onSession)
            .libraryAeronChannels(Collections.singletonList(CommonContext.IPC_CHANNEL));
        configuration.aeronContext().aeronDirectoryName(ctx.artioAeronDirectory());
        configuration.libraryName(libraryName);
        configuration.errorHandlerFactory(errorBuffer -> ctx.errorHandler());
        library = FixLibrary.connect(configuration);
        final IdleStrategy idle = ctx.idleStrategy();
        final long deadlineNs = System.nanoTime() + ctx.connectTimeoutNs();
        while (!library.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("Artio's library did not connect to its engine within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms");
            }
            idle.idle(library.poll(1));
        }
    }

    /**
     * @param fragmentLimit most messages to take.
     * @return work done: the library's sessions' messages, handed to their handlers.
     */
    public int poll(final int fragmentLimit)
    {
        return library.poll(fragmentLimit);
    }

    /**
     * Log every session out as FIX says (the client is told), polling until all are gone or the time is up.
     *
     * @param timeoutNs at most.
     */
    public void logoutAll(final long timeoutNs)
    {
        if (null == library)
        {
            return;
        }
        for (final Session session : library.sessions())
        {
            session.startLogout();
        }
        final IdleStrategy idle = ctx.idleStrategy();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!library.sessions().isEmpty() && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle(library.poll(16));
        }
    }

    /**
     * Close the library, the engine and the drivers, from a thread that no longer polls.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(library, engine, driver);
    }

    private static ArchivingMediaDriver launchDriver(final FixGateway.Context ctx)
    {
        final MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(ctx.artioAeronDirectory())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ctx.idleStrategy())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(ctx.errorHandler());
        final Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(ctx.artioAeronDirectory())
            .archiveDir(new File(ctx.stateDirectory(), "archive"))
            .controlChannelEnabled(false)
            .replicationChannel("aeron:udp?endpoint=localhost:0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(ctx::idleStrategy)
            .deleteArchiveOnStart(false)
            .errorHandler(ctx.errorHandler());
        // Only the local (IPC) control channel: no port of the archive's own on any interface.
        archive.archiveClientContext(new AeronArchive.Context().controlResponseChannel(CommonContext.IPC_CHANNEL));
        return ArchivingMediaDriver.launch(driver, archive);
    }

    private EngineConfiguration engineConfiguration(final AuthenticationStrategy authentication)
    {
        final File artioDir = new File(ctx.stateDirectory(), "artio");
        final EngineConfiguration configuration = new EngineConfiguration()
            .bindTo(ctx.bindAddress(), ctx.port())
            .libraryAeronChannel(CommonContext.IPC_CHANNEL)
            .logFileDir(artioDir.getAbsolutePath())
            .deleteLogFileDirOnStart(false)
            .authenticationStrategy(authentication)
            .initialAcceptedSessionOwner(InitialAcceptedSessionOwner.SOLE_LIBRARY)
            .sessionPersistenceStrategy(SessionPersistenceStrategy.alwaysPersistent())
            .acceptorfixDictionary(FixDictionaryImpl.class)
            .framerIdleStrategy(ctx.idleStrategy())
            .archiverIdleStrategy(ctx.idleStrategy())
            .agentNamePrefix("streamflow-fix-");
        configuration.monitoringFile(new File(artioDir, "monitoring").getAbsolutePath());
        configuration.monitoringThreadIdleStrategy(ctx.idleStrategy());
        configuration.errorHandlerFactory(errorBuffer -> ctx.errorHandler());
        configuration.aeronContext().aeronDirectoryName(ctx.artioAeronDirectory());
        configuration.aeronArchiveContext()
            .controlRequestChannel(AeronArchive.Configuration.localControlChannel())
            .controlRequestStreamId(AeronArchive.Configuration.localControlStreamId())
            .controlResponseChannel(CommonContext.IPC_CHANNEL)
            .aeronDirectoryName(ctx.artioAeronDirectory());
        return configuration;
    }
}
