package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs after each of the two builds; which build it is decides what it expects. */
class GreeterTest {
    private static final boolean EDITED = "2".equals(System.getProperty("step"));

    @Test
    void theCurrentMethodRunsThroughItsMachine() throws Exception {
        String method = EDITED ? "welcome" : "greet";
        Method m = Greeter.class.getMethod(method, String.class);
        @SuppressWarnings("unchecked")
        dev.jawait.Future<String> f = (dev.jawait.Future<String>) m.invoke(new Greeter("Hello"), "jawait");
        assertEquals(EDITED ? "Hello, jawait?" : "Hello, jawait!", Await.blockOn(f));
    }

    @Test
    void onlyMachinesOfExistingMethodsAreLeft() throws Exception {
        List<String> generated = list(Path.of("target/generated-sources/annotations/demo"));
        List<String> classes = list(Path.of("target/classes/demo"));
        String stale = EDITED ? "greet" : "welcome";
        String fresh = EDITED ? "welcome" : "greet";
        assertTrue(generated.stream().anyMatch(n -> n.contains("_" + fresh + "_")), generated::toString);
        assertFalse(generated.stream().anyMatch(n -> n.contains("_" + stale + "_")), generated::toString);
        assertFalse(classes.stream().anyMatch(n -> n.contains("_" + stale + "_")), classes::toString);
        assertFalse(Arrays.stream(Greeter.class.getMethods()).anyMatch(x -> x.getName().equals(stale)));
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }
}
