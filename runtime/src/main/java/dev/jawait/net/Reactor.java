package dev.jawait.net;

import dev.jawait.Future;
import dev.jawait.time.Timer;
import dev.jawait.time.TimerDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event source for sockets: one daemon thread that waits on a {@link Selector} and wakes the
 * tasks whose sockets became ready or whose operations timed out.
 *
 * <p>Operation timeouts are ordinary sleeps on the reactor's own {@link #timer()}, a
 * {@link TimerDriver} fired by the reactor thread between selects (the same timer implementation
 * as everywhere else, so there is one timer queue per reactor and no second deadline structure).
 * The selector sleeps no longer than until the timer's next deadline; a registration that makes
 * an earlier deadline wakes the selector only if it is selecting for longer than that.
 *
 * <p>Most programs use {@link #shared()} implicitly through {@link TcpListener#bind} and
 * {@link TcpStream#connect}. Tests and programs that want to control the lifetime create their own
 * with {@link #open()} and {@link #close()} it: closing fails every pending operation with a
 * {@link ReactorClosedException} and closes every socket the reactor still knows.
 *
 * <p>Any thread may use a reactor. Changes that concern the selector (a new socket, interest in
 * readiness) are queued and applied by the reactor thread, which is woken for them;
 * the selector and its keys are touched by that thread only. Wakers are called on the reactor
 * thread and must not block.
 */
public final class Reactor implements AutoCloseable {
    private static final AtomicInteger NUMBER = new AtomicInteger();
    /** Durations longer than this are treated as "no timeout" (and cannot overflow nanoTime). */
    private static final long MAX_TIMEOUT_NANOS = Duration.ofDays(365 * 100).toNanos();

    /** Something the reactor thread must do: apply an interest change. */
    interface Command {
        void apply(Reactor reactor);
    }

    private final Selector selector;
    private final Thread thread;
    private final boolean shared;
    private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    /** Every open socket of this reactor, so that shutdown can close them all. */
    private final Set<Registration> live = ConcurrentHashMap.newKeySet();
    private final ReactorTimer timer = new ReactorTimer();
    /** Set by the reactor thread just before it selects, cleared when the select returns. */
    private volatile boolean selecting;
    /** Whether a wakeup was sent during the current select: one is enough. */
    private final AtomicBoolean wakeupSent = new AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean terminated;
    /** Completed selector turns; a test uses it to prove that an idle reactor does not spin. */
    private volatile long turns;

    private Reactor(String threadName, boolean shared) throws IOException {
        this.selector = Selector.open();
        this.shared = shared;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private static final class SharedHolder {
        static final Reactor INSTANCE = openShared();

        private static Reactor openShared() {
            try {
                return new Reactor("jawait-reactor", true);
            } catch (IOException e) {
                throw new UncheckedIOException("could not open the shared jawait reactor", e);
            }
        }
    }

    /**
     * The process-wide reactor, started on first use on a daemon thread named
     * {@code jawait-reactor}. It cannot be closed.
     */
    public static Reactor shared() {
        return SharedHolder.INSTANCE;
    }

    /** Starts a new reactor on its own daemon thread; {@link #close()} it when done. */
    public static Reactor open() throws IOException {
        return new Reactor("jawait-reactor-" + NUMBER.incrementAndGet(), false);
    }

    /** Binds a listening socket on {@code address} with the system's default backlog. */
    public TcpListener bind(SocketAddress address) throws IOException {
        return bind(address, 0);
    }

    /**
     * Binds a listening socket on {@code address} ({@code new InetSocketAddress(loopback, 0)} picks
     * a free port; see {@link TcpListener#localAddress()}). A {@code backlog} of 0 or less means the
     * system default.
     */
    public TcpListener bind(SocketAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.bind(address, backlog);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            // Registered last: nothing after it can fail but the reactor being closed, and a
            // failed registration has already closed the channel and forgotten itself.
            Registration reg = register(channel);
            reg.throwIfFailed();
            return new TcpListener(reg, channel, local);
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A future that connects to {@code address}. Nothing happens until it is polled. It fails with
     * {@link java.net.ConnectException} (unwrapped) if the peer refuses; cancelling it closes the
     * half-open socket.
     */
    public Future<TcpStream> connect(SocketAddress address) {
        return new ConnectFuture(this, Objects.requireNonNull(address, "address"), -1);
    }

    /**
     * Like {@link #connect(SocketAddress)}, failing with {@link java.net.SocketTimeoutException} if
     * the connection is not established within {@code timeout} of the first poll.
     */
    public Future<TcpStream> connect(SocketAddress address, Duration timeout) {
        return new ConnectFuture(this, Objects.requireNonNull(address, "address"), toNanos(timeout));
    }

    /**
     * The reactor's timer: sleeps and timeouts fired by the reactor thread (their wakers are called
     * there). Socket operation timeouts use it; other code may too, to save a timer thread. Closing
     * the reactor closes it: pending sleeps then fail with {@link IllegalStateException}.
     */
    public Timer timer() {
        return timer;
    }

    /** Whether {@link #close()} was called (or the reactor thread failed). */
    public boolean isClosed() {
        return closing;
    }

    /**
     * Stops the reactor: every pending operation fails with a {@link ReactorClosedException}, every
     * socket of this reactor is closed, and later operations fail the same way. Waits for the
     * reactor thread to finish unless called on it. Closing twice does nothing.
     *
     * @throws UnsupportedOperationException on the {@link #shared()} reactor
     */
    @Override
    public void close() {
        if (shared) {
            throw new UnsupportedOperationException("the shared jawait reactor cannot be closed");
        }
        closing = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Reactor[" + thread.getName() + (closing ? ", closed" : "") + "]";
    }

    // ---- used by the socket types -------------------------------------------------------------

    /** Adopts {@code channel} (already non-blocking); it is closed at once if the reactor is closed. */
    Registration register(SelectableChannel channel) {
        Registration reg = new Registration(this, channel);
        live.add(reg);
        // Added before reading the flag, and shutdown sets the flag before it walks the set: so
        // either shutdown sees this socket or this thread sees the shutdown.
        if (closing) {
            reg.fail(closedException(null));
        }
        return reg;
    }

    /** Forgets a closed socket. */
    void forget(Registration reg) {
        live.remove(reg);
    }

    /**
     * Queues {@code command} for the reactor thread and wakes that thread if it is selecting. An
     * awake reactor runs the queued commands before it selects again, and many submissions during
     * one select need one wakeup: under load most submissions then cost no system call.
     */
    void submit(Command command) {
        commands.add(command);
        // Dekker with run(): this thread adds then reads `selecting`; the reactor sets `selecting`
        // then reads the queue. One of the two sees the other, so a command is never stranded.
        if (selecting && !wakeupSent.get() && wakeupSent.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Queues {@code command} for the reactor's next turn without waking it (nothing urgent). */
    void submitLazily(Command command) {
        commands.add(command);
    }

    /** Makes the reactor thread run a turn soon (to release closed sockets). */
    void wakeSelector() {
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    Selector selector() {
        return selector;
    }

    /** Number of open sockets (for tests). */
    int openSockets() {
        return live.size();
    }

    /** Number of pending operation timeouts and other sleeps on {@link #timer()} (for tests). */
    int pendingDeadlines() {
        return timer.pendingTimers();
    }

    /** Number of selector turns so far (for tests). */
    long turns() {
        return turns;
    }

    /** Whether the reactor thread has finished its shutdown. */
    boolean isTerminated() {
        return terminated;
    }

    /**
     * The timeout as nanoseconds: negative becomes 0 (times out at once unless the operation can
     * complete immediately); very long becomes "none" (-1).
     */
    static long toNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            return 0;
        }
        if (timeout.compareTo(Duration.ofNanos(MAX_TIMEOUT_NANOS)) > 0) {
            return -1;
        }
        return timeout.toNanos();
    }

    // ---- the reactor thread -------------------------------------------------------------------

    private void run() {
        Throwable failure = null;
        try {
            while (!closing) {
                runCommands();
                long waitNanos = timer.beginSelect();
                selecting = true;
                if (!commands.isEmpty()) {
                    waitNanos = 0; // submitted before `selecting` was visible: no wakeup is coming
                }
                if (waitNanos == 0) {
                    selector.selectNow(this::onReady);
                } else if (waitNanos == Long.MAX_VALUE) {
                    selector.select(this::onReady); // until a readiness or a wakeup
                } else {
                    // Rounded up: waking a little late is fine, waking early costs a turn.
                    selector.select(this::onReady, (waitNanos + 999_999) / 1_000_000);
                }
                selecting = false;
                wakeupSent.set(false);
                timer.endSelect();
                timer.fire();
                turns++; // single writer
            }
        } catch (Throwable t) {
            failure = t;
            closing = true;
        }
        shutdown(failure);
    }

    private void runCommands() {
        Command c;
        while ((c = commands.poll()) != null) {
            c.apply(this);
        }
    }

    private void onReady(SelectionKey key) {
        ((Registration) key.attachment()).onReady(key);
    }

    private void shutdown(Throwable failure) {
        for (Registration reg : live) {
            reg.fail(closedException(failure));
        }
        commands.clear();
        timer.shutDown(); // after the sockets: a woken operation then reports the reactor's failure
        try {
            selector.close();
        } catch (IOException ignored) {
            // Every channel is already closed; the selector's own descriptors go with the process.
        }
        terminated = true;
        if (failure != null) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(thread, failure);
        }
    }

    private ReactorClosedException closedException(Throwable failure) {
        return new ReactorClosedException(
                failure == null
                        ? "the jawait reactor " + thread.getName() + " was closed"
                        : "the jawait reactor " + thread.getName() + " failed: " + failure,
                failure);
    }

    /**
     * The reactor's {@link TimerDriver}: fired by the reactor thread after each select. It records,
     * under the timer's lock, until when the thread is selecting, so that a registration from
     * another thread wakes the selector only when its deadline is earlier than that (a timeout
     * further away than the current one, the common case, costs no wakeup at all).
     */
    private final class ReactorTimer extends TimerDriver {
        /** {@link System#nanoTime()} until which the selector may sleep; guarded by the lock. */
        private long selectingUntil;
        /**
         * Whether the reactor thread is between {@link #beginSelect} and {@link #endSelect}. Set
         * under the lock (with {@link #selectingUntil}), cleared without it: a registration that
         * still sees it set only sends a spare wakeup.
         */
        private volatile boolean selecting;

        /** Reactor thread, before a select: how long it may sleep (0: due now; MAX: no timer). */
        long beginSelect() {
            synchronized (timerLock()) {
                long wait = nanosToNextDeadline();
                selecting = true;
                selectingUntil = wait == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + wait;
                return wait;
            }
        }

        /** Reactor thread, after a select: awake, it will look at the timer before sleeping again. */
        void endSelect() {
            selecting = false;
        }

        @Override
        protected void onEarliestChanged() {
            // Under the timer's lock. An awake reactor looks at the timer before its next select.
            if (selecting) {
                long next = System.nanoTime() + nanosToNextDeadline();
                if (next - selectingUntil < 0 || selectingUntil == Long.MAX_VALUE) {
                    selectingUntil = next;
                    selector.wakeup();
                }
            }
        }

        void fire() {
            fireDue();
        }

        void shutDown() {
            shutDownTimer();
        }

        @Override
        public String toString() {
            return "ReactorTimer[" + thread.getName() + ", pending=" + pendingTimers() + "]";
        }
    }
}
