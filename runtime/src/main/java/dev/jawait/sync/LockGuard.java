package dev.jawait.sync;

/**
 * What the guards of this package's locks share: a guard holds its lock until it is unlocked,
 * once; {@link #close()} is {@link #unlock()}, so that a guard works in try-with-resources. Not
 * thread-safe in itself: a guard belongs to the task that locked.
 */
abstract class LockGuard implements AutoCloseable {
    private final String name;
    private boolean released;

    /** @param name how the guard is named in messages and {@link #toString()} */
    LockGuard(String name) {
        this.name = name;
    }

    /** Gives the lock back (for example, hands it to the oldest waiter). Called once. */
    abstract void release();

    /**
     * Releases the lock, handing it to the oldest waiter if there is one.
     *
     * @throws IllegalStateException if this guard was already unlocked
     */
    public void unlock() {
        markReleased();
        release();
    }

    /** Unlocks if still held; a second call does nothing (for try-with-resources). */
    @Override
    public void close() {
        if (!released) {
            unlock();
        }
    }

    /** Whether this guard still holds the lock. */
    public boolean isHeld() {
        return !released;
    }

    /** Throws unless the lock is still held by this guard. */
    final void checkHeld() {
        if (released) {
            throw new IllegalStateException(name + " used after unlock");
        }
    }

    /** Ends this guard without giving the lock back: the caller passes it on some other way. */
    final void markReleased() {
        checkHeld();
        released = true;
    }

    @Override
    public String toString() {
        return name + "[" + (released ? "released" : "held") + "]";
    }
}
