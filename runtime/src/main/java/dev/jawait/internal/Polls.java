package dev.jawait.internal;

import dev.jawait.Poll;

/** The executors' check of a poll's result. Not part of the API. */
public final class Polls {
    private Polls() {}

    /**
     * {@code poll} if it is not {@code null}; otherwise throws, inside the executor's handling of a
     * failing poll, so that a future that breaks the contract fails its own task and nothing else.
     *
     * @param poll what {@code future.poll} returned
     * @param future the future that returned it, to name in the message
     * @throws NullPointerException if {@code poll} is {@code null}
     */
    public static <T> Poll<T> nonNull(Poll<T> poll, Object future) {
        if (poll == null) {
            throw new NullPointerException("poll() returned null instead of a Poll: " + future);
        }
        return poll;
    }
}
