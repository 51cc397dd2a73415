/**
 * Time: {@link dev.jawait.time.Timer} (sleep, sleepUntil, timeout, interval, deadlines) on a real
 * clock driven by one daemon thread, or on a {@link dev.jawait.time.VirtualTimer} that tests
 * advance by hand; {@link dev.jawait.time.Time} holds static shortcuts to the shared real timer.
 */
package dev.jawait.time;
