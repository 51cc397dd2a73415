package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link SlotDeque} behaves as a deque of ints, across wrap-around and growth. */
class SlotDequeTest {

    @Test
    void anEmptyDequeAnswersMinusOne() {
        SlotDeque deque = new SlotDeque();
        assertTrue(deque.isEmpty());
        assertEquals(-1, deque.pollFirst());
        assertEquals(-1, deque.pollLast());
        assertEquals(-1, deque.peekFirst());
        assertEquals(-1, deque.peekLast());
    }

    @Test
    void growingWhileWrappedAroundKeepsTheOrder() {
        SlotDeque deque = new SlotDeque();
        for (int i = 0; i < 10; i++) {
            deque.addLast(i);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(i, deque.pollFirst()); // the head is now 10 slots into a ring of 16
        }
        for (int i = 0; i < 40; i++) {
            deque.addLast(100 + i); // wraps around, then grows twice
        }
        for (int i = 0; i < 40; i++) {
            assertEquals(100 + i, deque.peekFirst());
            assertEquals(100 + i, deque.pollFirst());
        }
        assertTrue(deque.isEmpty());
    }

    /** Random operations against {@link ArrayDeque} as the model. */
    @Test
    void randomOperationsMatchArrayDeque() {
        SplittableRandom random = new SplittableRandom(20261127);
        SlotDeque deque = new SlotDeque();
        ArrayDeque<Integer> model = new ArrayDeque<>();
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 5) { // more adds than removals: the deque grows through many sizes
                int slot = random.nextInt(1 << 24);
                deque.addLast(slot);
                model.addLast(slot);
            } else if (op < 7) {
                assertEquals(orNone(model.pollLast()), deque.pollLast(), "pollLast at step " + step);
            } else if (op < 9) {
                assertEquals(orNone(model.pollFirst()), deque.pollFirst(), "pollFirst at step " + step);
            } else if (random.nextInt(1000) == 0) {
                deque.clear();
                model.clear();
            }
            assertEquals(orNone(model.peekFirst()), deque.peekFirst(), "peekFirst at step " + step);
            assertEquals(orNone(model.peekLast()), deque.peekLast(), "peekLast at step " + step);
            assertEquals(model.isEmpty(), deque.isEmpty());
        }
    }

    private static int orNone(Integer slot) {
        return slot == null ? -1 : slot;
    }
}
