package dev.jawait.combinator;

import dev.jawait.Future;
import java.util.List;

/**
 * {@link Combinators#select}: the first future to complete wins, whether it succeeded or failed;
 * the losers are cancelled.
 */
final class Select<T> extends ChildSet<Selected<T>> {
    Select(List<? extends Future<? extends T>> futures) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("select of no futures would never complete");
        }
        for (Future<? extends T> f : futures) {
            add(f, null);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    void childCompleted(Child c, Object value) {
        succeed(new Selected<>(c.index, (T) value));
    }

    @Override
    void childFailed(Child c, Throwable failure) {
        fail(failure);
    }

    @Override
    public String toString() {
        return describe("select");
    }
}
