package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Await;
import dev.jawait.Future;
import org.junit.jupiter.api.Test;

class PointTest {
    @Test
    void asyncMethodUsesAutoValueClass() {
        assertEquals(Point.of(3, 2), Await.blockOn(Point.shifted(Future.ready(Point.of(1, 2)), 2)));
    }
}
