package demo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreeterTest {
    @Test
    void unrewrittenAwaitExplainsTheMissingProcessor() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Await.blockOn(new Greeter("Hello").greet("jawait")));
        assertTrue(e.getMessage().contains("annotation processor path"), e.getMessage());
        assertTrue(e.getMessage().contains("jawait-processor"), e.getMessage());
    }

    @Test
    void eagerMethodFailsTheSameWay() {
        assertThrows(IllegalStateException.class, () -> Greeter.sum(List.of(1)));
    }
}
