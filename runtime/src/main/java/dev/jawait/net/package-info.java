/**
 * Non-blocking TCP on {@link java.nio.channels.Selector}: a {@link dev.jawait.net.Reactor} thread
 * waits for socket readiness and wakes the tasks that wait for it; {@link dev.jawait.net.TcpListener}
 * and {@link dev.jawait.net.TcpStream} expose accept, connect, read and write as futures.
 *
 * <p>Every operation future follows the same discipline: it first tries the non-blocking call; only
 * if that would block does it store the polling task's waker and then ask the reactor to watch the
 * socket, so a readiness that arrives in between always finds the waker (no lost wake). Interest is
 * one-shot: the reactor turns it off when it fires and the retried operation turns it back on if it
 * still would block, so a readable socket nobody reads from never makes the reactor spin.
 *
 * <p>Timeouts are sleeps on the reactor's own {@link dev.jawait.net.Reactor#timer() timer}, fired by
 * the reactor thread, so a socket operation with a timeout costs one timer entry and no other
 * structure. A server with many idle connections can wait for input without a buffer:
 * {@link dev.jawait.net.TcpStream#readable()} completes when bytes have arrived, and
 * {@link dev.jawait.net.TcpStream#tryRead} then reads them into a buffer borrowed for that moment.
 *
 * <p>Failures are thrown unwrapped from {@code poll} (and so from {@code await} and
 * {@code blockOn}): {@link java.net.ConnectException}, {@link java.net.SocketTimeoutException},
 * {@link java.nio.channels.ClosedChannelException}, {@link dev.jawait.net.ReactorClosedException}.
 */
package dev.jawait.net;
