package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Await;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreeterTest {
    @Test
    void greetAwaitsBothFutures() {
        assertEquals("Hello, jawait!", Await.blockOn(new Greeter("Hello").greet("jawait")));
    }

    @Test
    void sumRunsEagerly() {
        assertEquals(6, Greeter.sum(List.of(1, 2, 3)).join());
    }
}
