/**
 * Asynchronous synchronisation: {@link dev.jawait.sync.Mutex}, {@link dev.jawait.sync.RwLock},
 * {@link dev.jawait.sync.Semaphore},
 * {@link dev.jawait.sync.Notify}, {@link dev.jawait.sync.Latch} and {@link dev.jawait.sync.Barrier}
 * (all fair and cancellation safe; waiting suspends the task, never the thread), plus
 * {@link dev.jawait.sync.AtomicWaker}, the lock-free waker slot for writing event sources.
 */
package dev.jawait.sync;
