package dev.jawait.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.events.TestSupport.ManualTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RwLockTest {

    @Test
    void readersShareTheLockAndAWriterHasItAlone() {
        RwLock<String> lock = new RwLock<>("v1");
        RwLock.ReadGuard<String> r1 = lock.tryRead();
        RwLock.ReadGuard<String> r2 = lock.tryRead();
        assertNotNull(r1);
        assertNotNull(r2);
        assertEquals("v1", r2.get());
        assertNull(lock.tryWrite(), "readers hold it");
        r1.unlock();
        r2.unlock();

        try (RwLock.WriteGuard<String> w = Await.blockOn(lock.write())) {
            w.set("v2");
            assertNull(lock.tryRead(), "a writer holds it");
            assertNull(lock.tryWrite());
        }
        assertEquals("v2", Await.blockOn(lock.read()).get());
    }

    @Test
    void aWaitingWriterIsNotOvertakenByLaterReaders() {
        RwLock<Integer> lock = new RwLock<>(0);
        RwLock.ReadGuard<Integer> early = lock.tryRead();
        ManualTask<RwLock.WriteGuard<Integer>> writer = new ManualTask<>(lock.write());
        assertFalse(writer.poll(), "waits for the reader");
        ManualTask<RwLock.ReadGuard<Integer>> late = new ManualTask<>(lock.read());
        assertFalse(late.poll(), "queues behind the writer although only readers hold the lock");
        assertNull(lock.tryRead(), "tryRead does not barge either");

        early.unlock();
        assertTrue(writer.woken());
        assertTrue(writer.poll());
        assertFalse(late.woken());
        writer.value().set(1);
        writer.value().unlock();
        assertTrue(late.woken());
        assertTrue(late.poll());
        assertEquals(1, late.value().get());
    }

    @Test
    void aCancelledWaitingWriterLetsTheReadersBehindItIn() {
        RwLock<Integer> lock = new RwLock<>(0);
        RwLock.ReadGuard<Integer> early = lock.tryRead();
        ManualTask<RwLock.WriteGuard<Integer>> writer = new ManualTask<>(lock.write());
        ManualTask<RwLock.ReadGuard<Integer>> late = new ManualTask<>(lock.read());
        assertFalse(writer.poll());
        assertFalse(late.poll());
        writer.cancel();
        assertTrue(late.woken(), "the permits the writer had collected went on");
        assertTrue(late.poll());
        assertEquals(0, lock.queueLength());
        early.unlock();
        late.value().unlock();
        assertNotNull(lock.tryWrite(), "nothing leaked: every permit is back");
    }

    @Test
    void aDowngradedWriterLetsReadersInButNoWriter() {
        RwLock<String> lock = new RwLock<>("a");
        RwLock.WriteGuard<String> w = lock.tryWrite();
        ManualTask<RwLock.ReadGuard<String>> reader = new ManualTask<>(lock.read());
        assertFalse(reader.poll());
        w.set("b");
        RwLock.ReadGuard<String> mine = w.downgrade();
        assertFalse(w.isHeld());
        assertThrows(IllegalStateException.class, w::get);
        assertTrue(reader.poll());
        assertEquals("b", reader.value().get());
        assertEquals("b", mine.get());
        assertNull(lock.tryWrite(), "still read-locked by the downgraded guard");
        mine.unlock();
        reader.value().unlock();
        assertNotNull(lock.tryWrite());
    }

    @Test
    void aGuardCannotBeUsedAfterUnlockAndCloseIsIdempotent() {
        RwLock<String> lock = new RwLock<>("x");
        RwLock.ReadGuard<String> r = lock.tryRead();
        r.unlock();
        assertThrows(IllegalStateException.class, r::get);
        assertThrows(IllegalStateException.class, r::unlock);
        r.close();
        RwLock.WriteGuard<String> w = lock.tryWrite();
        w.close();
        w.close();
        assertThrows(IllegalStateException.class, () -> w.set("y"));
        assertNotNull(lock.tryWrite(), "one close released the lock once");
    }

    @Test
    void threadsNeverSeeAHalfDoneWriteAndReadersOverlap() throws Exception {
        // Writers keep two fields equal, but move them one at a time with a yield in between; a
        // reader that ever sees them differ was let in during a write.
        final class Pair {
            long a;
            long b;
        }
        RwLock<Pair> lock = new RwLock<>(new Pair());
        int threads = 6;
        int rounds = 3_000;
        AtomicInteger readersInside = new AtomicInteger();
        AtomicInteger mostReadersAtOnce = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean writer = t < 2;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < rounds; i++) {
                    if (writer) {
                        try (RwLock.WriteGuard<Pair> w = Await.blockOn(lock.write())) {
                            w.get().a++;
                            Thread.yield();
                            w.get().b++;
                        }
                    } else {
                        try (RwLock.ReadGuard<Pair> r = Await.blockOn(lock.read())) {
                            int inside = readersInside.incrementAndGet();
                            mostReadersAtOnce.accumulateAndGet(inside, Math::max);
                            Pair p = r.get();
                            long a = p.a;
                            Thread.yield();
                            if (a != p.b) {
                                broken.compareAndSet(null, "a=" + a + " b=" + p.b);
                            }
                            readersInside.decrementAndGet();
                        }
                    }
                }
            }, (writer ? "writer-" : "reader-") + t);
            thread.start();
            all.add(thread);
        }
        for (Thread t : all) {
            t.join();
        }
        assertNull(broken.get(), "a reader saw a write in progress");
        Pair end = Await.blockOn(lock.read()).get();
        assertEquals(2L * rounds, end.a);
        assertEquals(2L * rounds, end.b);
        assertTrue(mostReadersAtOnce.get() > 1, "readers never shared the lock");
    }
}
