package demo;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import dev.jawait.Future;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public class Greeter {
    private final String greeting;

    public Greeter(String greeting) {
        this.greeting = greeting;
    }

    /** Lazy: awaits a ready future and a CompletableFuture completed on another thread. */
    @Async
    public Future<String> welcome(String name) {
        String hello = await(Future.ready(greeting));
        String mark = await(CompletableFuture.supplyAsync(() -> "?"));
        return Future.ready(hello + ", " + name + mark);
    }

    /** Eager: a loop of awaits, returned as a plain CompletableFuture. */
    @Async
    public static CompletableFuture<Integer> sum(List<Integer> values) {
        int total = 0;
        for (int v : values) {
            total += await(Future.ready(v));
        }
        return CompletableFuture.completedFuture(total);
    }
}
